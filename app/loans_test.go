package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/models"
)

// library is a small catalog with a librarian and two members.
type library struct {
	a               *app.App
	book            models.Book
	alice, bob      models.User
	libby           models.User
	aliceC, bobC    *apptest.Client
	librarian, anon *apptest.Client
}

func newLibrary(t *testing.T, dialect string) *library {
	t.Helper()
	a := apptest.NewApp(t, apptest.Config(t, dialect))
	db := a.DB.Gorm
	l := &library{a: a}
	author := apptest.Author(t, db, "Ursula", "Le Guin")
	l.book = apptest.Book(t, db, "The Dispossessed", author, nil)
	l.alice = apptest.User(t, db, "alice", goodPassword)
	l.bob = apptest.User(t, db, "bob", goodPassword)
	l.libby = apptest.Librarian(t, db, "libby", goodPassword)
	l.aliceC, l.bobC, l.librarian, l.anon = apptest.NewClient(t, a), apptest.NewClient(t, a), apptest.NewClient(t, a), apptest.NewClient(t, a)
	l.aliceC.Login("alice", goodPassword)
	l.bobC.Login("bob", goodPassword)
	l.librarian.Login("libby", goodPassword)
	for _, c := range []*apptest.Client{l.aliceC, l.bobC, l.librarian} {
		// A login expires the CSRF cookie: settle the new one now, or racing posts would each be
		// issued their own and overwrite one another's in the shared jar.
		c.CSRFToken()
	}
	return l
}

// lend puts a copy on loan to u directly in the database.
func (l *library) lend(t *testing.T, u models.User, dueDays int) models.BookInstance {
	t.Helper()
	bi := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusOnLoan, apptest.Date(dueDays))
	if err := l.a.DB.Gorm.Model(&bi).Update("borrower_id", u.ID).Error; err != nil {
		t.Fatal(err)
	}
	return bi
}

func (l *library) copy(t *testing.T, id any) models.BookInstance {
	t.Helper()
	var bi models.BookInstance
	if err := l.a.DB.Gorm.Take(&bi, "id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	return bi
}

var borrowedItem = regexp.MustCompile(`<li( class="text-danger")?>\s*<a href="[^"]+">The Dispossessed</a> \(([^)]+)\)`)

func TestLoanedBooksByUser(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		apptest.Redirect(t, l.anon.Get("/catalog/mybooks/"), http.StatusFound, "/accounts/login/?next=%2Fcatalog%2Fmybooks%2F")
		if r := l.aliceC.Get("/catalog/mybooks/"); apptest.Status(t, r, 200) {
			apptest.Contains(t, r.Body, "There are no books borrowed.")
		}
		for i := range 30 {
			who := l.alice
			if i%2 == 1 {
				who = l.bob
			}
			l.lend(t, who, 10-i%13)
		}
		// A copy that is not on loan but names alice does not count.
		stray := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusMaintenance, apptest.Date(1))
		l.a.DB.Gorm.Model(&stray).Update("borrower_id", l.alice.ID)

		var dues []string
		overdue := 0
		for page := 1; page <= 2; page++ {
			r := l.aliceC.Get(fmt.Sprintf("/catalog/mybooks/?page=%d", page))
			items := borrowedItem.FindAllStringSubmatch(r.Body, -1)
			want := map[int]int{1: 10, 2: 5}[page]
			if r.Status != 200 || len(items) != want {
				t.Fatalf("page %d: %d with %d items, want %d", page, r.Status, len(items), want)
			}
			for _, m := range items {
				dues = append(dues, m[2])
				if m[1] != "" {
					overdue++
				}
			}
		}
		var mine []models.BookInstance
		l.a.DB.Gorm.Where("borrower_id = ? AND status = ?", l.alice.ID, models.StatusOnLoan).Order("due_back").Find(&mine)
		for i, bi := range mine {
			if dues[i] != bi.DueBack.Display() {
				t.Errorf("item %d due %s, want %s (due-date order)", i, dues[i], bi.DueBack.Display())
			}
			if bi.IsOverdue() {
				overdue--
			}
		}
		if overdue != 0 {
			t.Error("overdue copies should be red, and only they")
		}
		apptest.Status(t, l.aliceC.Get("/catalog/mybooks/?page=3"), 404)
	})
}

func TestAllBorrowed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		late := l.lend(t, l.alice, -2)
		l.lend(t, l.bob, 5)
		apptest.Status(t, l.anon.Get("/catalog/borrowed/"), http.StatusFound)
		apptest.Status(t, l.aliceC.Get("/catalog/borrowed/"), http.StatusForbidden)
		r := l.librarian.Get("/catalog/borrowed/")
		if !apptest.Status(t, r, 200) {
			t.FailNow()
		}
		apptest.InOrder(t, r.Body, "alice</a>", "bob</a>")
		apptest.Contains(t, r.Body, `<li class="text-danger">`, `href="/catalog/book/`+late.ID.String()+`/renew/">Renew</a>`)
	})
}

func TestRenewBookLibrarian(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := l.lend(t, l.alice, 2)
		path := "/catalog/book/" + bi.ID.String() + "/renew/"
		apptest.Redirect(t, l.anon.Get(path), http.StatusFound, "/accounts/login/?next="+url.QueryEscape(path))
		apptest.Status(t, l.bobC.Get(path), http.StatusForbidden)
		r := l.librarian.Get(path)
		if !apptest.Status(t, r, 200) || !apptest.Contains(t, r.Body, "Renew: The Dispossessed", "Borrower: alice") {
			t.FailNow()
		}
		// The initial renewal date is today + 3 weeks.
		apptest.Contains(t, r.Body, `name="renewal_date" id="id_renewal_date" value="`+models.Today().AddDays(21).String()+`"`)
		for _, p := range []string{"/catalog/book/6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10/renew/", "/catalog/book/not-a-uuid/renew/"} {
			apptest.Status(t, l.librarian.Get(p), 404)
		}
		tests := []struct{ date, want string }{
			{models.Today().AddDays(-1).String(), "Invalid date - renewal in past"},
			{models.Today().AddDays(5 * 7).String(), "Invalid date - renewal more than 4 weeks ahead"},
			{models.Today().AddDays(4*7 + 1).String(), "Invalid date - renewal more than 4 weeks ahead"},
			{"", "This field is required."},
			{"2026-02-30", "Enter a valid date."},
			{"next tuesday", "Enter a valid date."},
		}
		for _, tt := range tests {
			t.Run("refused "+tt.date, func(t *testing.T) {
				r := l.librarian.Post(path, url.Values{"renewal_date": {tt.date}})
				apptest.Status(t, r, http.StatusUnprocessableEntity)
				// The message, with the value kept.
				apptest.Contains(t, r.Body, tt.want, `value="`+tt.date+`"`)
			})
		}
		if got := l.copy(t, bi.ID); got.DueBack.String() != bi.DueBack.String() {
			t.Error("refused renewals changed the due date")
		}
		for _, days := range []int{0, 28} {
			due := models.Today().AddDays(days)
			t.Run(fmt.Sprintf("renewed for %d days", days), func(t *testing.T) {
				r := l.librarian.Post(path, url.Values{"renewal_date": {due.String()}})
				if !apptest.Redirect(t, r, http.StatusSeeOther, "/catalog/borrowed/") {
					t.FailNow()
				}
				if got := l.copy(t, bi.ID); got.DueBack.String() != due.String() || got.Status != models.StatusOnLoan {
					t.Errorf("due %v, status %s", got.DueBack, got.Status)
				}
			})
		}
		t.Run("confirmed", func(t *testing.T) {
			apptest.Contains(t, l.librarian.Get("/catalog/borrowed/").Body, "Renewed “The Dispossessed”")
		})
		t.Run("copy not on loan", func(t *testing.T) {
			back := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
			r := l.librarian.Post("/catalog/book/"+back.ID.String()+"/renew/", url.Values{"renewal_date": {models.Today().AddDays(7).String()}})
			apptest.Status(t, r, http.StatusConflict)
			if got := l.copy(t, back.ID); got.Status != models.StatusAvailable || got.DueBack != nil {
				t.Errorf("the copy changed: %+v", got)
			}
		})
	})
}

func TestCheckOutAndCheckIn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
		checkout := copyPath(bi) + "/checkout/"
		due := models.Today().AddDays(14)
		t.Run("form for librarians only", func(t *testing.T) {
			apptest.Contains(t, l.librarian.Get(copyPath(bi)).Body, `action="`+checkout+`"`, `<option value="alice">`,
				`value="`+models.Today().AddDays(21).String()+`"`)
			apptest.Excludes(t, l.aliceC.Get(copyPath(bi)).Body, "/checkout/")
		})
		refusals := []struct {
			name string
			form url.Values
			want string
		}{
			{"unknown borrower", url.Values{"borrower": {"nobody"}, "due_back": {due.String()}}, "There is no active member with that username."},
			{"no borrower", url.Values{"borrower": {""}, "due_back": {due.String()}}, "This field is required."},
			{"due in the past", url.Values{"borrower": {"alice"}, "due_back": {models.Today().AddDays(-3).String()}}, "Invalid date - renewal in past"},
			{"due too late", url.Values{"borrower": {"alice"}, "due_back": {models.Today().AddDays(40).String()}}, "Invalid date - renewal more than 4 weeks ahead"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				r := l.librarian.Post(checkout, tt.form)
				apptest.Status(t, r, http.StatusUnprocessableEntity)
				apptest.Contains(t, r.Body, tt.want)
			})
		}
		t.Run("a member lending to herself", func(t *testing.T) {
			apptest.Status(t, l.aliceC.Post(checkout, url.Values{"borrower": {"alice"}, "due_back": {due.String()}}), http.StatusForbidden)
		})
		if got := l.copy(t, bi.ID); got.Status != models.StatusAvailable {
			t.Fatal("refused check-outs changed the copy")
		}

		t.Run("check-out", func(t *testing.T) {
			r := l.librarian.Post(checkout, url.Values{"borrower": {"ALICE"}, "due_back": {due.String()}})
			if !apptest.Redirect(t, r, http.StatusSeeOther, copyPath(bi)) {
				t.FailNow()
			}
			got := l.copy(t, bi.ID)
			if got.Status != models.StatusOnLoan || got.BorrowerID == nil || *got.BorrowerID != l.alice.ID || got.DueBack.String() != due.String() {
				t.Fatalf("after check-out: %+v", got)
			}
			// Alice sees the copy in My Borrowed.
			apptest.Contains(t, l.aliceC.Get("/catalog/mybooks/").Body, "The Dispossessed</a> ("+due.Display()+")")
		})
		t.Run("lending a copy on loan", func(t *testing.T) {
			r := l.librarian.Post(checkout, url.Values{"borrower": {"bob"}, "due_back": {due.String()}})
			apptest.Status(t, r, http.StatusConflict)
			apptest.Contains(t, r.Body, "This copy is not available any more")
		})
		t.Run("librarian's copy page", func(t *testing.T) {
			apptest.Contains(t, l.librarian.Get(copyPath(bi)).Body,
				"Borrower:</strong> <a href=\"/catalog/user/", ">alice</a>", "Check in (mark returned)", "Loan history", "<td>libby</td>")
		})
		t.Run("check-in", func(t *testing.T) {
			if !apptest.Status(t, l.librarian.Post(copyPath(bi)+"/checkin/", nil), http.StatusSeeOther) {
				t.FailNow()
			}
			got := l.copy(t, bi.ID)
			if got.Status != models.StatusAvailable || got.BorrowerID != nil || got.DueBack != nil {
				t.Errorf("after check-in: %+v", got)
			}
			apptest.Contains(t, l.librarian.Get(copyPath(bi)).Body, "the copy is available again")
		})
		t.Run("loan record", func(t *testing.T) {
			loans, err := models.CopyLoans(context.Background(), l.a.DB.Gorm, bi.ID, 0)
			if err != nil || len(loans) != 1 {
				t.Fatalf("loan history: %v, %v", loans, err)
			}
			h := loans[0]
			if h.Borrower.Username != "alice" || h.Librarian.Username != "libby" || h.ReturnedAt == nil || h.ReturnedBy.Username != "libby" || h.DueBack.String() != due.String() {
				t.Errorf("loan record: %+v", h)
			}
		})
		t.Run("checking in an available copy", func(t *testing.T) {
			apptest.Status(t, l.librarian.Post(copyPath(bi)+"/checkin/", nil), http.StatusSeeOther)
			apptest.Contains(t, l.librarian.Get(copyPath(bi)).Body, "was not on loan")
		})
		// Alice sees her own loan of the copy, Bob sees none, and nobody's name shows to members.
		t.Run("alice's view", func(t *testing.T) {
			r := l.aliceC.Get(copyPath(bi))
			apptest.Contains(t, r.Body, "Your loans of this copy")
			apptest.Excludes(t, r.Body, "libby")
			apptest.Contains(t, l.aliceC.Get("/catalog/loans/").Body, "Loans of alice", "The Dispossessed")
		})
		t.Run("bob's view", func(t *testing.T) {
			apptest.Excludes(t, l.bobC.Get(copyPath(bi)).Body, "alice", "loan-history")
		})
	})
}

func TestMembersSeeOnlyTheirOwnLoans(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := l.lend(t, l.alice, 3)
		aliceLoans := fmt.Sprintf("/catalog/user/%d/loans/", l.alice.ID)
		tests := []struct {
			name   string
			client *apptest.Client
			path   string
			status int
		}{
			{"bob reading alice's history", l.bobC, aliceLoans, http.StatusForbidden},
			{"bob reading the borrowed list", l.bobC, "/catalog/borrowed/", http.StatusForbidden},
			{"alice reading her history", l.aliceC, aliceLoans, 200},
			{"librarian reading alice's history", l.librarian, aliceLoans, 200},
			{"unknown member", l.librarian, "/catalog/user/999999/loans/", 404},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				apptest.Status(t, tt.client.Get(tt.path), tt.status)
			})
		}
		for _, p := range []string{copyPath(bi), "/catalog/bookinstances/", bookPath(l.book)} {
			t.Run("no borrower's name on "+p, func(t *testing.T) {
				apptest.Excludes(t, l.bobC.Get(p).Body, "alice")
			})
		}
	})
}

func TestConcurrentCheckOutLendsOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
		second := apptest.Librarian(t, l.a.DB.Gorm, "lorna", goodPassword)
		clients := []*apptest.Client{l.librarian, apptest.NewClient(t, l.a)}
		clients[1].Login(second.Username, goodPassword)
		clients[1].CSRFToken()
		due := models.Today().AddDays(21).String()
		const attempts = 20
		statuses := make([]int, attempts)
		bodies := make([]string, attempts)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				borrower := []string{"alice", "bob"}[i%2]
				r := clients[i%2].Post(copyPath(bi)+"/checkout/", url.Values{"borrower": {borrower}, "due_back": {due}})
				statuses[i], bodies[i] = r.Status, r.Body
			}()
		}
		close(start)
		wg.Wait()
		won := 0
		for i, s := range statuses {
			switch s {
			case http.StatusSeeOther:
				won++
			case http.StatusConflict:
				apptest.Contains(t, bodies[i], "This copy is not available any more")
			default:
				t.Errorf("attempt %d: status %d", i, s)
			}
		}
		var loans int64
		l.a.DB.Gorm.Model(&models.Loan{}).Where("bookinstance_id = ?", bi.ID).Count(&loans)
		if won != 1 || loans != 1 {
			t.Errorf("%d check-outs succeeded and %d loans recorded, want exactly one", won, loans)
		}
	})
}

func TestRenewalRacingCheckInNeverResurrectsTheLoan(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		ctx := context.Background()
		db := l.a.DB.Gorm
		for i := range 15 {
			bi := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
			if err := models.CheckOut(ctx, db, bi.ID, l.alice.ID, l.libby.ID, models.Today().AddDays(7), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
				t.Fatal(err)
			}
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				l.librarian.Post("/catalog/book/"+bi.ID.String()+"/renew/", url.Values{"renewal_date": {models.Today().AddDays(20).String()}})
			}()
			go func() {
				defer wg.Done()
				l.librarian.Post(copyPath(bi)+"/checkin/", nil)
			}()
			wg.Wait()
			got := l.copy(t, bi.ID)
			if got.Status != models.StatusAvailable || got.BorrowerID != nil || got.DueBack != nil {
				t.Fatalf("round %d: after a check-in the copy is %+v", i, got)
			}
			var open int64
			db.Model(&models.Loan{}).Where("bookinstance_id = ? AND returned_at IS NULL", bi.ID).Count(&open)
			if open != 0 {
				t.Fatalf("round %d: %d open loans after the check-in", i, open)
			}
		}
	})
}
