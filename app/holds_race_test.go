package app_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// TestHoldQueueUnderRaces runs check-ins, new holds and cancels of one book at once, 20 in all,
// and checks the queue and the copies after: places 1..n without gaps or repeats, every
// reserved copy set aside for exactly one ready hold and every ready hold for one reserved
// copy, no copy left on the shelf while someone waits, and the counters exact.
func TestHoldQueueUnderRaces(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		db := l.a.DB.Gorm
		rules := models.HoldRules{Limit: 5, PickupDays: 7}
		var lent []models.BookInstance
		for range 8 {
			bi := apptest.Copy(t, db, l.book, models.StatusAvailable, nil)
			if err := models.CheckOut(t.Context(), db, bi.ID, l.libby.ID, l.libby.ID, models.Today().AddDays(7), rules, time.Now()); err != nil {
				t.Fatal(err)
			}
			lent = append(lent, bi)
		}
		var members []models.User
		for i := range 12 {
			members = append(members, apptest.User(t, db, fmt.Sprintf("member%02d", i), goodPassword))
		}
		var cancels []models.Hold
		for _, m := range members[8:] {
			h, err := models.PlaceHold(t.Context(), db, l.book.ID, m.ID, rules, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			cancels = append(cancels, h)
		}

		var wg sync.WaitGroup
		errs := make(chan error, 30)
		run := func(f func() error) {
			wg.Add(1)
			go func() { defer wg.Done(); errs <- f() }()
		}
		for _, bi := range lent {
			run(func() error {
				r := l.librarian.Post(copyPath(bi)+"/checkin/", nil)
				if r.Status != 303 {
					return fmt.Errorf("check-in of %s: status %d", bi.ID, r.Status)
				}
				return nil
			})
		}
		for _, m := range members[:8] {
			run(func() error {
				_, err := models.PlaceHold(t.Context(), db, l.book.ID, m.ID, rules, time.Now())
				return err
			})
		}
		for _, h := range cancels {
			run(func() error {
				_, err := models.CancelHold(t.Context(), db, h.ID, h.MemberID, 7, time.Now())
				return err
			})
		}
		wg.Wait()

		checkQueue(t, l, lent, 8, 0)

		// Then new holds race cancels of ready ones: their copies pass down the queue.
		queue, err := models.BookQueue(t.Context(), db, l.book.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range members[8:] {
			run(func() error {
				_, err := models.PlaceHold(t.Context(), db, l.book.ID, m.ID, rules, time.Now())
				return err
			})
		}
		for _, h := range queue[:3] {
			run(func() error { _, err := models.CancelHold(t.Context(), db, h.ID, 0, 7, time.Now()); return err })
		}
		wg.Wait()
		checkQueue(t, l, lent, 9, 1)
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		apptest.CountersExact(t, l.a.DB)
	})
}

// checkQueue checks the book's queue and copies against each other: wantActive holds, of which
// wantWaiting wait.
func checkQueue(t *testing.T, l *library, lent []models.BookInstance, wantActive, wantWaiting int) {
	t.Helper()
	db := l.a.DB.Gorm
	queue, err := models.BookQueue(t.Context(), db, l.book.ID)
	if err != nil {
		t.Fatal(err)
	}
	ready := map[string]int{}
	var waiting []models.Hold
	for _, h := range queue {
		if h.IsReady() {
			ready[h.CopyID().String()]++
		} else {
			waiting = append(waiting, h)
		}
	}
	// Each member's own view of their place agrees with the queue, and the places run 1..n.
	for i, h := range waiting {
		mine, err := models.MemberHold(t.Context(), db, l.book.ID, h.MemberID)
		if err != nil || mine.Position != int64(i+1) {
			t.Errorf("waiting hold %d: member sees place %d (%v), want %d", h.ID, mine.Position, err, i+1)
		}
	}
	shelf := 0
	for _, bi := range lent {
		got := l.copy(t, bi.ID)
		switch got.Status {
		case models.StatusReserved:
			if ready[bi.ID.String()] != 1 {
				t.Errorf("reserved copy %s has %d ready holds, want 1", bi.ID, ready[bi.ID.String()])
			}
			delete(ready, bi.ID.String())
		case models.StatusAvailable:
			shelf++
		default:
			t.Errorf("checked-in copy %s is %q", bi.ID, got.Status)
		}
	}
	if len(ready) != 0 {
		t.Errorf("ready holds without a reserved copy: %v", ready)
	}
	if shelf > 0 && len(waiting) > 0 {
		t.Errorf("%d copies on the shelf while %d members wait", shelf, len(waiting))
	}
	if len(queue) != wantActive || len(waiting) != wantWaiting {
		t.Errorf("%d active holds (%d waiting), want %d (%d waiting)", len(queue), len(waiting), wantActive, wantWaiting)
	}
}
