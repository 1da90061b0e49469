package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// holdOf reads a member's active hold on the library's book.
func (l *library) holdOf(t *testing.T, u models.User) models.Hold {
	t.Helper()
	h, err := models.MemberHold(t.Context(), l.a.DB.Gorm, l.book.ID, u.ID)
	if err != nil {
		t.Fatalf("hold of %s: %v", u.Username, err)
	}
	return h
}

// closedHoldOf returns u's latest hold on the library's book that is no longer active.
func (l *library) closedHoldOf(t *testing.T, u models.User) models.Hold {
	t.Helper()
	var h models.Hold
	err := l.a.DB.Gorm.Where("book_id = ? AND member_id = ? AND status NOT IN ?", l.book.ID, u.ID,
		[]string{models.HoldWaiting, models.HoldReady}).Order("id DESC").Take(&h).Error
	if err != nil {
		t.Fatalf("closed hold of %s: %v", u.Username, err)
	}
	return h
}

// place places c's hold on the library's book and returns the page it lands on.
func (l *library) place(t *testing.T, c *apptest.Client) apptest.Response {
	t.Helper()
	path := fmt.Sprintf("/catalog/book/%d/hold/", l.book.ID)
	r := c.Post(path, nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303", path, r.Status)
	}
	return c.Get(r.Header.Get("Location"))
}

func checkOutTo(l *library, bi models.BookInstance, username string) apptest.Response {
	return l.librarian.Post("/catalog/bookinstance/"+bi.ID.String()+"/checkout/",
		url.Values{"borrower": {username}, "due_back": {models.Today().AddDays(14).String()}})
}

// TestHoldCycle is the full cycle: two members queue for a book on loan; its check-in sets it
// aside for the first; lending it to the second is refused; lending it to the first fulfils
// that hold and the second moves up; a pickup window that passes hands the copy on.
func TestHoldCycle(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		lent := l.lend(t, l.libby, 7)

		apptest.Contains(t, l.place(t, l.aliceC).Body, "You are on the waiting list for “The Dispossessed”.", "Position in queue: 1")
		apptest.Contains(t, l.place(t, l.bobC).Body, "Position in queue: 2")
		apptest.Excludes(t, l.bobC.Get("/catalog/myholds/").Body, "alice")
		if r := l.aliceC.Get(fmt.Sprintf("/catalog/book/%d", l.book.ID)); apptest.Status(t, r, 200) {
			apptest.Contains(t, r.Body, "Position in queue: 1")
			apptest.Excludes(t, r.Body, "Place a hold")
		}

		apptest.Status(t, l.librarian.Post("/catalog/bookinstance/"+lent.ID.String()+"/checkin/", nil), http.StatusSeeOther)
		if bi := l.copy(t, lent.ID); bi.Status != models.StatusReserved {
			t.Fatalf("checked-in copy is %q, want reserved", bi.Status)
		}
		pickup := models.Today().AddDays(7).Display()
		apptest.Contains(t, l.aliceC.Get("/catalog/myholds/").Body, "Ready for pickup until "+pickup)
		apptest.Contains(t, l.bobC.Get("/catalog/myholds/").Body, "Position in queue: 1")
		apptest.Contains(t, l.librarian.Get("/catalog/bookinstance/"+lent.ID.String()).Body, "Reserved for:", ">alice</a>")

		r := checkOutTo(l, lent, "bob")
		apptest.Status(t, r, http.StatusConflict)
		apptest.Contains(t, r.Body, "reserved for another member")
		if bi := l.copy(t, lent.ID); bi.Status != models.StatusReserved || bi.BorrowerID != nil {
			t.Fatalf("refused loan changed the copy: %+v", bi)
		}

		apptest.Status(t, checkOutTo(l, lent, "alice"), http.StatusSeeOther)
		if bi := l.copy(t, lent.ID); bi.Status != models.StatusOnLoan || *bi.BorrowerID != l.alice.ID {
			t.Fatalf("copy after lending to alice: %+v", bi)
		}
		apptest.Contains(t, l.aliceC.Get("/catalog/myholds/").Body, "You have no holds.")
		var fulfilled int64
		db.Model(&models.Hold{}).Where("member_id = ? AND status = ?", l.alice.ID, models.HoldFulfilled).Count(&fulfilled)
		if fulfilled != 1 {
			t.Errorf("alice has %d fulfilled holds, want 1", fulfilled)
		}
		if h := l.holdOf(t, l.bob); h.Position != 1 {
			t.Errorf("bob is at position %d, want 1", h.Position)
		}

		// Alice returns it: it goes to Bob, who does not come for it; then to nobody.
		apptest.Status(t, l.librarian.Post("/catalog/bookinstance/"+lent.ID.String()+"/checkin/", nil), http.StatusSeeOther)
		if h := l.holdOf(t, l.bob); !h.IsReady() || h.CopyID() != lent.ID {
			t.Fatalf("bob's hold after the second check-in: %+v", h)
		}
		carol := apptest.User(t, db, "carol", goodPassword)
		if _, err := models.PlaceHold(t.Context(), db, l.book.ID, carol.ID, models.HoldRules{Limit: 5, PickupDays: 7}, time.Now()); err != nil {
			t.Fatal(err)
		}
		if n, err := models.ExpireHolds(t.Context(), db, 7, time.Now().AddDate(0, 0, 7)); err != nil || n != 0 {
			t.Fatalf("expire on the last pickup day: %d, %v; want nothing expired", n, err)
		}
		if n, err := models.ExpireHolds(t.Context(), db, 7, time.Now().AddDate(0, 0, 8)); err != nil || n != 1 {
			t.Fatalf("expire after the pickup window: %d, %v; want 1", n, err)
		}
		if h := l.holdOf(t, carol); !h.IsReady() || h.CopyID() != lent.ID {
			t.Fatalf("carol's hold after bob's expired: %+v", h)
		}
		if _, err := models.MemberHold(t.Context(), db, l.book.ID, l.bob.ID); err != models.ErrNotFound {
			t.Errorf("bob's expired hold is still active: %v", err)
		}
		if _, err := models.CancelHold(t.Context(), db, l.holdOf(t, carol).ID, carol.ID, 7, time.Now()); err != nil {
			t.Fatal(err)
		}
		if bi := l.copy(t, lent.ID); bi.Status != models.StatusAvailable {
			t.Errorf("copy with nobody waiting is %q, want available", bi.Status)
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// TestHoldRules covers a hold on a book with a copy on the shelf, the refusals, cancelling and
// who may see and do what.
func TestHoldRules(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		path := fmt.Sprintf("/catalog/book/%d/hold/", l.book.ID)

		apptest.Redirect(t, l.anon.Post(path, nil), http.StatusFound, "/accounts/login/?next="+url.QueryEscape(path))
		apptest.Status(t, l.aliceC.Post("/catalog/book/abc/hold/", nil), http.StatusNotFound)
		apptest.Status(t, l.aliceC.Post("/catalog/book/999999/hold/", nil), http.StatusNotFound)
		apptest.Status(t, l.aliceC.PostForm(path, nil), http.StatusForbidden)
		r := l.place(t, l.aliceC)
		apptest.Contains(t, r.Body, "The library has no copies of this book to hold.")

		shelf := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		r = l.place(t, l.aliceC)
		apptest.Contains(t, r.Body, "A copy of “The Dispossessed” is set aside for you", "Ready for pickup until")
		if bi := l.copy(t, shelf.ID); bi.Status != models.StatusReserved {
			t.Errorf("shelf copy is %q after the hold, want reserved", bi.Status)
		}
		apptest.Contains(t, l.place(t, l.aliceC).Body, "You already have a hold on this book.")

		// Bob queues behind; Alice cancels, so the copy is set aside for Bob.
		apptest.Contains(t, l.place(t, l.bobC).Body, "Position in queue: 1")
		aliceHold := l.holdOf(t, l.alice)
		apptest.Status(t, l.bobC.Post(fmt.Sprintf("/catalog/hold/%d/cancel/", aliceHold.ID), nil), http.StatusNotFound)
		apptest.Status(t, l.bobC.PostForm(fmt.Sprintf("/catalog/hold/%d/cancel/", aliceHold.ID), nil), http.StatusForbidden)
		apptest.Status(t, l.aliceC.Post("/catalog/hold/x/cancel/", nil), http.StatusNotFound)
		r = l.aliceC.Post(fmt.Sprintf("/catalog/hold/%d/cancel/", aliceHold.ID), nil)
		apptest.Redirect(t, r, http.StatusSeeOther, "/catalog/myholds/")
		apptest.Contains(t, l.aliceC.Get("/catalog/myholds/").Body, "Hold cancelled.", "You have no holds.")
		if h := l.holdOf(t, l.bob); !h.IsReady() || h.CopyID() != shelf.ID {
			t.Errorf("bob's hold after alice cancelled: %+v", h)
		}
		apptest.Contains(t, l.aliceC.Get("/catalog/myholds/").Body, "You have no holds.")
		r = l.aliceC.Post(fmt.Sprintf("/catalog/hold/%d/cancel/", aliceHold.ID), nil)
		apptest.Contains(t, l.aliceC.Get(r.Header.Get("Location")).Body, "This hold is no longer active.")

		// Overdue loans and the limit refuse new holds; the books are otherwise holdable.
		l.lend(t, l.alice, -3)
		other := apptest.Book(t, db, "The Left Hand of Darkness", l.book.Author, nil)
		apptest.Copy(t, db, other, models.StatusOnLoan, apptest.Date(5))
		r = l.aliceC.Post(fmt.Sprintf("/catalog/book/%d/hold/", other.ID), nil)
		apptest.Contains(t, l.aliceC.Get(r.Header.Get("Location")).Body, "You have an overdue loan")
		rules := models.HoldRules{Limit: 2, PickupDays: 7}
		for i := range 2 {
			b := apptest.Book(t, db, fmt.Sprintf("Book %d", i), l.book.Author, nil)
			apptest.Copy(t, db, b, models.StatusOnLoan, apptest.Date(5))
			if _, err := models.PlaceHold(t.Context(), db, b.ID, l.bob.ID, rules, time.Now()); err != nil && i < 1 {
				t.Fatal(err)
			} else if i == 1 && err != models.ErrHoldLimit {
				t.Errorf("third active hold: %v, want the limit", err)
			}
		}

		// Staff see every hold, members get 403.
		apptest.Status(t, l.aliceC.Get("/catalog/holds/"), http.StatusForbidden)
		if r := l.librarian.Get("/catalog/holds/"); apptest.Status(t, r, 200) {
			apptest.Contains(t, r.Body, ">bob</a>", "Ready for pickup until")
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// TestNewCopyServesTheQueue: a copy added on the shelf while members wait is set aside for the
// first of them, as a check-in would.
func TestNewCopyServesTheQueue(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		l.lend(t, l.libby, 7)
		l.place(t, l.bobC)
		r := l.librarian.Post("/catalog/bookinstance/create/", url.Values{"book": {fmt.Sprint(l.book.ID)}, "imprint": {"Harper, 1974"},
			"status": {models.StatusAvailable}})
		apptest.Status(t, r, http.StatusSeeOther)
		if h := l.holdOf(t, l.bob); !h.IsReady() {
			t.Fatalf("bob's hold after a copy was added: %+v", h)
		}
		if bi := l.copy(t, l.holdOf(t, l.bob).CopyID()); bi.Status != models.StatusReserved || bi.Imprint != "Harper, 1974" {
			t.Errorf("new copy: %+v", bi)
		}
	})
}

// TestAdminHolds: the admin lists holds with filters by status and a bulk cancel, for staff
// only; holds have no add or change pages.
func TestAdminHolds(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		rules := models.HoldRules{Limit: 5, PickupDays: 7}
		shelf := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		carol := apptest.User(t, db, "carol", goodPassword)
		for _, u := range []models.User{l.alice, l.bob, carol} {
			if _, err := models.PlaceHold(t.Context(), db, l.book.ID, u.ID, rules, time.Now().AddDate(0, 0, -10)); err != nil {
				t.Fatal(err)
			}
		}
		// Alice's copy waited past its pickup date: it passes to Bob.
		if n, err := models.ExpireHolds(t.Context(), db, 7, time.Now()); err != nil || n != 1 {
			t.Fatalf("expire: %d, %v", n, err)
		}

		apptest.Status(t, l.aliceC.Get("/admin/catalog/hold/"), http.StatusForbidden)
		apptest.Redirect(t, l.anon.Get("/admin/catalog/hold/"), http.StatusFound, "/accounts/login/?next=%2Fadmin%2Fcatalog%2Fhold%2F")
		if r := l.librarian.Get("/admin/"); apptest.Status(t, r, 200) {
			apptest.Contains(t, r.Body, `<a href="/admin/catalog/hold/">Holds</a>`)
		}
		for _, tt := range []struct{ query, want, not string }{
			{"", "3 holds", ""},
			{"?status__exact=w", ">carol</td>", ">alice</td>"},
			{"?status__exact=r", ">bob</td>", ">carol</td>"},
			{"?status__exact=x", ">alice</td>", ">bob</td>"},
			{"?q=bob", ">bob</td>", ">alice</td>"},
		} {
			if r := l.librarian.Get("/admin/catalog/hold/" + tt.query); apptest.Status(t, r, 200) {
				apptest.Contains(t, r.Body, tt.want)
				apptest.Excludes(t, r.Body, "Add hold")
				if tt.not != "" {
					apptest.Excludes(t, r.Body, tt.not)
				}
			}
		}
		apptest.Status(t, l.librarian.Get("/admin/catalog/hold/?status__exact=z"), http.StatusBadRequest)
		apptest.Status(t, l.librarian.Get("/admin/catalog/hold/1/change/"), http.StatusNotFound)

		bob, alice := l.holdOf(t, l.bob), l.closedHoldOf(t, l.alice)
		picked := url.Values{"action": {"cancel_holds"}, "_selected_action": {fmt.Sprint(bob.ID), fmt.Sprint(alice.ID), "x"}}
		r := l.librarian.Post("/admin/catalog/hold/?q=o", picked)
		if apptest.Status(t, r, http.StatusOK) {
			apptest.InOrder(t, r.Body, "Are you sure you want to cancel these holds?", l.book.Title, "bob", "Ready for pickup",
				"These holds are closed already and stay as they are:", "alice", "Expired", `action="/admin/catalog/hold/?q=o"`,
				fmt.Sprintf(`name="_selected_action" value="%d"`, bob.ID), `name="post" value="yes"`)
			apptest.Excludes(t, r.Body, fmt.Sprintf(`name="_selected_action" value="%d"`, alice.ID))
		}
		if h := l.holdOf(t, l.bob); !h.IsReady() {
			t.Fatalf("the confirmation page cancelled bob's hold: %+v", h)
		}
		picked.Set("post", "yes")
		r = l.librarian.Post("/admin/catalog/hold/", picked)
		apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/hold/")
		apptest.Contains(t, l.librarian.Get("/admin/catalog/hold/").Body, "1 hold cancelled.")
		if h := l.holdOf(t, carol); !h.IsReady() || h.CopyID() != shelf.ID {
			t.Errorf("carol's hold after bob's was cancelled: %+v", h)
		}
	})
}

// TestReservedCopyFollowsEdits: a reserved copy changed other than by the circulation desk
// takes its hold along: lent to its member, the hold is fulfilled; lent to someone else or put
// out of circulation, the hold goes back to the head of the queue.
func TestReservedCopyFollowsEdits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		shelf := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		l.place(t, l.aliceC)
		l.place(t, l.bobC)
		edit := func(status string, borrower *int64) {
			t.Helper()
			err := db.Model(&models.BookInstance{}).Where("id = ?", shelf.ID).
				Updates(map[string]any{"status": status, "borrower_id": borrower}).Error
			if err != nil {
				t.Fatal(err)
			}
		}
		edit(models.StatusOnLoan, &l.bob.ID)
		if h := l.holdOf(t, l.alice); !h.IsWaiting() || h.Position != 1 {
			t.Errorf("alice's hold after her copy went to bob: %+v", h)
		}
		if _, err := models.ServeQueue(t.Context(), db, l.book.ID, 7, time.Now()); err != nil {
			t.Fatal(err)
		}
		edit(models.StatusAvailable, nil)
		if n, err := models.ServeQueue(t.Context(), db, l.book.ID, 7, time.Now()); err != nil || n != 1 {
			t.Fatalf("serve the queue: %d, %v", n, err)
		}
		if h := l.holdOf(t, l.alice); !h.IsReady() {
			t.Fatalf("alice's hold after the copy came back: %+v", h)
		}
		edit(models.StatusMaintenance, nil)
		if h := l.holdOf(t, l.alice); !h.IsWaiting() || h.Position != 1 {
			t.Errorf("alice's hold after her copy went to maintenance: %+v", h)
		}
		edit(models.StatusAvailable, nil)
		if _, err := models.ServeQueue(t.Context(), db, l.book.ID, 7, time.Now()); err != nil {
			t.Fatal(err)
		}
		edit(models.StatusOnLoan, &l.alice.ID)
		if _, err := models.MemberHold(t.Context(), db, l.book.ID, l.alice.ID); err != models.ErrNotFound {
			t.Errorf("alice's hold after her copy was lent to her: %v, want fulfilled", err)
		}
		if h := l.holdOf(t, l.bob); !h.IsWaiting() || h.Position != 1 {
			t.Errorf("bob's hold: %+v", h)
		}
		apptest.CountersExact(t, l.a.DB)
	})
}
