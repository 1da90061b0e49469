package app_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// TestCirculationWritesDoNotDeadlock races writers that move the shared counters in different
// orders: holds placed on books with a copy on the shelf against check-ins of other books with a
// queue, and edits of reserved copies against cancels of their holds. None may fail.
func TestCirculationWritesDoNotDeadlock(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		rules := models.HoldRules{Limit: 50, PickupDays: 7}
		var mu sync.Mutex
		var errs []error
		fail := func(what string, err error) {
			if err != nil {
				mu.Lock()
				errs = append(errs, fmt.Errorf("%s: %w", what, err))
				mu.Unlock()
			}
		}
		const n = 8
		var members []models.User
		for i := range n {
			members = append(members, apptest.User(t, db, fmt.Sprintf("rm%02d", i), goodPassword))
		}
		for round := range 3 {
			var shelved []models.Book
			var lent []models.BookInstance
			for i := range n {
				a := apptest.Book(t, db, fmt.Sprintf("A %d %d", round, i), l.book.Author, nil)
				apptest.Copy(t, db, a, models.StatusAvailable, nil)
				shelved = append(shelved, a)
				b := apptest.Book(t, db, fmt.Sprintf("B %d %d", round, i), l.book.Author, nil)
				bi := apptest.Copy(t, db, b, models.StatusAvailable, nil)
				must(t, models.CheckOut(t.Context(), db, bi.ID, l.libby.ID, l.libby.ID, models.Today().AddDays(7), rules, time.Now()))
				_, err := models.PlaceHold(t.Context(), db, b.ID, members[i].ID, rules, time.Now())
				must(t, err)
				lent = append(lent, bi)
			}
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(2)
				go func() {
					defer wg.Done()
					_, err := models.PlaceHold(t.Context(), db, shelved[i].ID, members[(i+1)%n].ID, rules, time.Now())
					fail("place", err)
				}()
				go func() {
					defer wg.Done()
					_, err := models.CheckIn(t.Context(), db, lent[i].ID, l.libby.ID, rules, time.Now())
					fail("check in", err)
				}()
			}
			wg.Wait()
		}
		for round := range 10 {
			b := apptest.Book(t, db, fmt.Sprintf("E %d", round), l.book.Author, nil)
			bi := apptest.Copy(t, db, b, models.StatusAvailable, nil)
			h, err := models.PlaceHold(t.Context(), db, b.ID, l.alice.ID, rules, time.Now())
			must(t, err)
			_, err = models.PlaceHold(t.Context(), db, b.ID, l.bob.ID, rules, time.Now())
			must(t, err)
			edited := l.copy(t, bi.ID)
			edited.Status = models.StatusMaintenance
			var wg sync.WaitGroup
			wg.Add(2)
			go func() {
				defer wg.Done()
				// A cancel first passes the copy on, which changes it: the edit is then stale.
				if err := models.UpdateBookInstance(t.Context(), db, edited, models.Change{UserID: l.libby.ID}); !errors.Is(err, models.ErrStale) {
					fail("edit", err)
				}
			}()
			go func() {
				defer wg.Done()
				_, err := models.CancelHold(t.Context(), db, h.ID, 0, 7, time.Now())
				fail("cancel", err)
			}()
			wg.Wait()
		}
		for _, err := range errs {
			t.Error(err)
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// TestReservedIsAHoldsToGive: the copy forms refuse to make a copy Reserved, or to move a
// reserved copy to another book; a reserved copy's other fields may change.
func TestReservedIsAHoldsToGive(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		form := func(book int64, imprint, status string, version int) url.Values {
			return url.Values{"book": {fmt.Sprint(book)}, "imprint": {imprint}, "status": {status}, "version": {fmt.Sprint(version)}}
		}
		r := l.librarian.Post("/catalog/bookinstance/create/", form(l.book.ID, "New", models.StatusReserved, 0))
		apptest.Status(t, r, http.StatusUnprocessableEntity)
		apptest.Contains(t, r.Body, "Only a hold sets a copy aside")

		shelf := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		spare := apptest.Copy(t, db, l.book, models.StatusMaintenance, nil)
		r = l.librarian.Post("/catalog/bookinstance/"+spare.ID.String()+"/update/", form(l.book.ID, "Spare", models.StatusReserved, spare.Version))
		apptest.Status(t, r, http.StatusUnprocessableEntity)
		apptest.Contains(t, r.Body, "Only a hold sets a copy aside")

		l.place(t, l.aliceC)
		other := apptest.Book(t, db, "The Lathe of Heaven", l.book.Author, nil)
		cur := l.copy(t, shelf.ID)
		r = l.librarian.Post("/catalog/bookinstance/"+shelf.ID.String()+"/update/", form(other.ID, "Moved", models.StatusReserved, cur.Version))
		apptest.Status(t, r, http.StatusUnprocessableEntity)
		r = l.librarian.Post("/catalog/bookinstance/"+shelf.ID.String()+"/update/", form(l.book.ID, "Rebound", models.StatusReserved, cur.Version))
		apptest.Status(t, r, http.StatusSeeOther)
		if h := l.holdOf(t, l.alice); !h.IsReady() || h.CopyID() != shelf.ID || l.copy(t, shelf.ID).Imprint != "Rebound" {
			t.Errorf("alice's hold after her copy was rebound: %+v", h)
		}
		// A copy left Reserved for nobody (by SQL here) goes back to the queue's service.
		must(t, db.Exec("UPDATE catalog_bookinstance SET status = ? WHERE id = ?", models.StatusReserved, spare.ID).Error)
		l.place(t, l.bobC)
		if n, err := models.ServeQueues(t.Context(), db, 7, time.Now()); err != nil || n != 1 {
			t.Fatalf("serve the queues: %d, %v", n, err)
		}
		if h := l.holdOf(t, l.bob); !h.IsReady() || h.CopyID() != spare.ID {
			t.Errorf("bob's hold after the sweep: %+v", h)
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// TestCopyEditsServeTheQueue: a reserved copy sent to repair through the form passes its member
// the copy on the shelf, a later hold does not jump the queue, and the admin's "Mark selected
// copies as Available" serves the queue at once.
func TestCopyEditsServeTheQueue(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		x := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		l.place(t, l.aliceC)
		y := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
		r := l.librarian.Post("/catalog/bookinstance/"+x.ID.String()+"/update/", url.Values{"book": {fmt.Sprint(l.book.ID)},
			"imprint": {"damaged"}, "status": {models.StatusMaintenance}, "version": {fmt.Sprint(l.copy(t, x.ID).Version)}})
		apptest.Status(t, r, http.StatusSeeOther)
		if h := l.holdOf(t, l.alice); !h.IsReady() || h.CopyID() != y.ID {
			t.Errorf("alice's hold after her copy went to repair: %+v", h)
		}
		carol := apptest.User(t, db, "carol", goodPassword)
		must(t, db.Exec("UPDATE catalog_hold SET status = 'w', bookinstance_id = NULL, ready_at = NULL, pickup_until = NULL WHERE member_id = ?", l.alice.ID).Error)
		must(t, db.Exec("UPDATE catalog_bookinstance SET status = 'a' WHERE id = ?", y.ID).Error)
		hc, err := models.PlaceHold(t.Context(), db, l.book.ID, carol.ID, models.HoldRules{Limit: 5, PickupDays: 7}, time.Now())
		must(t, err)
		if hc.IsReady() || !l.holdOf(t, l.alice).IsReady() {
			t.Errorf("carol, after alice, got the copy on the shelf: %+v", hc)
		}

		picked := url.Values{"action": {"mark_available"}, "_selected_action": {x.ID.String()}}
		apptest.Status(t, l.librarian.Post("/admin/catalog/bookinstance/", picked), http.StatusOK)
		picked.Set("post", "yes")
		apptest.Status(t, l.librarian.Post("/admin/catalog/bookinstance/", picked), http.StatusSeeOther)
		if h := l.holdOf(t, carol); !h.IsReady() || h.CopyID() != x.ID {
			t.Errorf("carol's hold after the repaired copy was marked available: %+v", h)
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// TestEmptyDatesSortAlike: copies without a due date come last going up and first going down,
// whether the admin list is sorted by the due date alone (seeking its index) or with another
// column (counting pages off).
func TestEmptyDatesSortAlike(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		undated := apptest.Copy(t, l.a.DB.Gorm, l.book, models.StatusAvailable, nil)
		dated := l.lend(t, l.alice, 5)
		for _, o := range []string{"2", "2.4"} {
			apptest.InOrder(t, l.librarian.Get("/admin/catalog/bookinstance/?o="+o).Body, dated.ID.String(), undated.ID.String())
			apptest.InOrder(t, l.librarian.Get("/admin/catalog/bookinstance/?o=-"+o).Body, undated.ID.String(), dated.ID.String())
		}
	})
}
