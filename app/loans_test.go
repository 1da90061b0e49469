package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
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
		if r := l.anon.Get("/catalog/mybooks/"); r.Status != http.StatusFound || r.Header.Get("Location") != "/accounts/login/?next=%2Fcatalog%2Fmybooks%2F" {
			t.Errorf("anonymous: %d %q", r.Status, r.Header.Get("Location"))
		}
		if r := l.aliceC.Get("/catalog/mybooks/"); r.Status != 200 || !strings.Contains(r.Body, "There are no books borrowed.") {
			t.Errorf("no loans yet: %d", r.Status)
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
		if r := l.aliceC.Get("/catalog/mybooks/?page=3"); r.Status != 404 {
			t.Errorf("page 3: %d", r.Status)
		}
	})
}

func TestAllBorrowed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		late := l.lend(t, l.alice, -2)
		l.lend(t, l.bob, 5)
		if r := l.anon.Get("/catalog/borrowed/"); r.Status != http.StatusFound {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := l.aliceC.Get("/catalog/borrowed/"); r.Status != http.StatusForbidden {
			t.Errorf("member: %d, want 403", r.Status)
		}
		r := l.librarian.Get("/catalog/borrowed/")
		if r.Status != 200 {
			t.Fatalf("librarian: %d", r.Status)
		}
		inOrder(t, r.Body, "alice</a>", "bob</a>")
		for _, want := range []string{`<li class="text-danger">`, `href="/catalog/book/` + late.ID.String() + `/renew/">Renew</a>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("all borrowed: missing %q", want)
			}
		}
	})
}

func TestRenewBookLibrarian(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := l.lend(t, l.alice, 2)
		path := "/catalog/book/" + bi.ID.String() + "/renew/"
		if r := l.anon.Get(path); r.Status != http.StatusFound || !strings.HasPrefix(r.Header.Get("Location"), "/accounts/login/") {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := l.bobC.Get(path); r.Status != http.StatusForbidden {
			t.Errorf("member: %d, want 403", r.Status)
		}
		r := l.librarian.Get(path)
		if r.Status != 200 || !strings.Contains(r.Body, "Renew: The Dispossessed") || !strings.Contains(r.Body, "Borrower: alice") {
			t.Fatalf("librarian: %d", r.Status)
		}
		if want := `name="renewal_date" id="id_renewal_date" value="` + models.Today().AddDays(21).String() + `"`; !strings.Contains(r.Body, want) {
			t.Error("the initial renewal date should be today + 3 weeks")
		}
		for _, p := range []string{"/catalog/book/6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10/renew/", "/catalog/book/not-a-uuid/renew/"} {
			if r := l.librarian.Get(p); r.Status != 404 {
				t.Errorf("GET %s: %d, want 404", p, r.Status)
			}
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
			r := l.librarian.Post(path, url.Values{"renewal_date": {tt.date}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tt.want) || !strings.Contains(r.Body, `value="`+tt.date+`"`) {
				t.Errorf("renewal %q: %d, want %q with the value kept", tt.date, r.Status, tt.want)
			}
		}
		if got := l.copy(t, bi.ID); got.DueBack.String() != bi.DueBack.String() {
			t.Error("refused renewals changed the due date")
		}
		for _, days := range []int{0, 28} {
			due := models.Today().AddDays(days)
			r := l.librarian.Post(path, url.Values{"renewal_date": {due.String()}})
			if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/catalog/borrowed/" {
				t.Fatalf("renew to %s: %d %q", due, r.Status, r.Header.Get("Location"))
			}
			if got := l.copy(t, bi.ID); got.DueBack.String() != due.String() || got.Status != models.StatusOnLoan {
				t.Errorf("after renewing to %s: due %v, status %s", due, got.DueBack, got.Status)
			}
		}
		if !strings.Contains(l.librarian.Get("/catalog/borrowed/").Body, "Renewed “The Dispossessed”") {
			t.Error("the borrowed list should confirm the renewal")
		}
		// A copy that is no longer on loan cannot be renewed.
		back := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
		r = l.librarian.Post("/catalog/book/"+back.ID.String()+"/renew/", url.Values{"renewal_date": {models.Today().AddDays(7).String()}})
		if r.Status != http.StatusConflict || l.copy(t, back.ID).Status != models.StatusAvailable || l.copy(t, back.ID).DueBack != nil {
			t.Errorf("renewing an available copy: %d", r.Status)
		}
	})
}

func TestCheckOutAndCheckIn(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
		page := l.librarian.Get(copyPath(bi))
		if !strings.Contains(page.Body, `action="`+copyPath(bi)+`/checkout/"`) || !strings.Contains(page.Body, `<option value="alice">`) ||
			!strings.Contains(page.Body, `value="`+models.Today().AddDays(21).String()+`"`) {
			t.Fatalf("the copy page should offer a check-out form to librarians:\n%s", mainOf(page.Body))
		}
		if strings.Contains(l.aliceC.Get(copyPath(bi)).Body, "/checkout/") {
			t.Error("members must not see the check-out form")
		}
		checkout := copyPath(bi) + "/checkout/"
		due := models.Today().AddDays(14)
		refusals := []struct {
			form url.Values
			want string
		}{
			{url.Values{"borrower": {"nobody"}, "due_back": {due.String()}}, "There is no active member with that username."},
			{url.Values{"borrower": {""}, "due_back": {due.String()}}, "This field is required."},
			{url.Values{"borrower": {"alice"}, "due_back": {models.Today().AddDays(-3).String()}}, "Invalid date - renewal in past"},
			{url.Values{"borrower": {"alice"}, "due_back": {models.Today().AddDays(40).String()}}, "Invalid date - renewal more than 4 weeks ahead"},
		}
		for _, tt := range refusals {
			r := l.librarian.Post(checkout, tt.form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tt.want) {
				t.Errorf("check-out %v: %d, want %q", tt.form, r.Status, tt.want)
			}
		}
		if r := l.aliceC.Post(checkout, url.Values{"borrower": {"alice"}, "due_back": {due.String()}}); r.Status != http.StatusForbidden {
			t.Errorf("a member lending to herself: %d", r.Status)
		}
		if got := l.copy(t, bi.ID); got.Status != models.StatusAvailable {
			t.Fatal("refused check-outs changed the copy")
		}

		r := l.librarian.Post(checkout, url.Values{"borrower": {"ALICE"}, "due_back": {due.String()}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != copyPath(bi) {
			t.Fatalf("check-out: %d\n%s", r.Status, mainOf(r.Body))
		}
		got := l.copy(t, bi.ID)
		if got.Status != models.StatusOnLoan || got.BorrowerID == nil || *got.BorrowerID != l.alice.ID || got.DueBack.String() != due.String() {
			t.Fatalf("after check-out: %+v", got)
		}
		if r := l.aliceC.Get("/catalog/mybooks/"); !strings.Contains(r.Body, "The Dispossessed</a> ("+due.Display()+")") {
			t.Error("alice should see the copy in My Borrowed")
		}
		r = l.librarian.Post(checkout, url.Values{"borrower": {"bob"}, "due_back": {due.String()}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "This copy is not available any more") {
			t.Errorf("lending a copy on loan: %d", r.Status)
		}
		page = l.librarian.Get(copyPath(bi))
		for _, want := range []string{"Borrower:</strong> <a href=\"/catalog/user/", ">alice</a>", "Check in (mark returned)", "Loan history", "<td>libby</td>"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("librarian copy page: missing %q", want)
			}
		}

		if r := l.librarian.Post(copyPath(bi)+"/checkin/", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("check-in: %d", r.Status)
		}
		got = l.copy(t, bi.ID)
		if got.Status != models.StatusAvailable || got.BorrowerID != nil || got.DueBack != nil {
			t.Errorf("after check-in: %+v", got)
		}
		if r := l.librarian.Get(copyPath(bi)); !strings.Contains(r.Body, "the copy is available again") {
			t.Error("the check-in should be confirmed")
		}
		loans, err := models.CopyLoans(context.Background(), l.a.DB.Gorm, bi.ID, 0)
		if err != nil || len(loans) != 1 {
			t.Fatalf("loan history: %v, %v", loans, err)
		}
		h := loans[0]
		if h.Borrower.Username != "alice" || h.Librarian.Username != "libby" || h.ReturnedAt == nil || h.ReturnedBy.Username != "libby" || h.DueBack.String() != due.String() {
			t.Errorf("loan record: %+v", h)
		}
		if r := l.librarian.Post(copyPath(bi)+"/checkin/", nil); !strings.Contains(l.librarian.Get(copyPath(bi)).Body, "was not on loan") || r.Status != http.StatusSeeOther {
			t.Error("checking in an available copy should say so")
		}
		// Alice sees her own loan of the copy, Bob sees none, and nobody's name shows to members.
		if r := l.aliceC.Get(copyPath(bi)); !strings.Contains(r.Body, "Your loans of this copy") || strings.Contains(r.Body, "libby") {
			t.Error("alice's view of the copy")
		}
		if r := l.aliceC.Get("/catalog/loans/"); !strings.Contains(r.Body, "Loans of alice") || !strings.Contains(r.Body, "The Dispossessed") {
			t.Error("alice's loan history")
		}
		if r := l.bobC.Get(copyPath(bi)); strings.Contains(r.Body, "alice") || strings.Contains(r.Body, "loan-history") {
			t.Error("bob must not see alice's loan")
		}
	})
}

func TestMembersSeeOnlyTheirOwnLoans(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		bi := l.lend(t, l.alice, 3)
		aliceLoans := fmt.Sprintf("/catalog/user/%d/loans/", l.alice.ID)
		if r := l.bobC.Get(aliceLoans); r.Status != http.StatusForbidden {
			t.Errorf("bob reading alice's history: %d, want 403", r.Status)
		}
		if r := l.bobC.Get("/catalog/borrowed/"); r.Status != http.StatusForbidden {
			t.Errorf("bob reading the borrowed list: %d, want 403", r.Status)
		}
		if r := l.aliceC.Get(aliceLoans); r.Status != 200 {
			t.Errorf("alice reading her history: %d", r.Status)
		}
		if r := l.librarian.Get(aliceLoans); r.Status != 200 {
			t.Errorf("librarian reading alice's history: %d", r.Status)
		}
		if r := l.librarian.Get("/catalog/user/999999/loans/"); r.Status != 404 {
			t.Errorf("unknown member: %d", r.Status)
		}
		for _, p := range []string{copyPath(bi), "/catalog/bookinstances/", bookPath(l.book)} {
			if r := l.bobC.Get(p); strings.Contains(r.Body, "alice") {
				t.Errorf("%s shows the borrower's name to another member", p)
			}
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
				if !strings.Contains(bodies[i], "This copy is not available any more") {
					t.Errorf("attempt %d: 409 without the message", i)
				}
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
			if err := models.CheckOut(ctx, db, bi.ID, l.alice.ID, l.libby.ID, models.Today().AddDays(7), time.Now()); err != nil {
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
