package notices_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/app/database"
	"locallibrary/app/notices"
	"locallibrary/models"
)

const password = "quiet-reading-room"

// desk is a library with members, a book and a notifier whose mail goes to a test mailbox.
type desk struct {
	db       *gorm.DB
	database *database.DB
	n        *notices.Notifier
	box      *apptest.Mailbox
	book     models.Book
	libby    models.User
	now      time.Time
}

func newDesk(t *testing.T, dialect string) *desk {
	t.Helper()
	cfg := apptest.Config(t, dialect)
	a := apptest.NewApp(t, cfg)
	n, err := app.NewNotifier(cfg, a.DB.Gorm, apptest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	d := &desk{db: a.DB.Gorm, database: a.DB, n: n, box: &apptest.Mailbox{}, now: time.Now()}
	// Small batches, so that a run reads several.
	n.Mail, n.Batch = d.box, 2
	d.book = apptest.Book(t, d.db, "The Left Hand of Darkness", apptest.Author(t, d.db, "Ursula", "Le Guin"), nil)
	d.libby = apptest.Librarian(t, d.db, "libby", password)
	return d
}

// lend checks a new copy out to u, due in dueDays (negative: overdue), and returns the copy.
func (d *desk) lend(t *testing.T, u models.User, dueDays int) models.BookInstance {
	t.Helper()
	bi := apptest.Copy(t, d.db, d.book, models.StatusAvailable, nil)
	if err := models.CheckOut(context.Background(), d.db, bi.ID, u.ID, d.libby.ID, *apptest.Date(dueDays), models.HoldRules{PickupDays: 7}, d.now); err != nil {
		t.Fatal(err)
	}
	return bi
}

// holdReady sets a new copy aside for u's hold, ready for pickup.
func (d *desk) holdReady(t *testing.T, u models.User) {
	t.Helper()
	bi := apptest.Copy(t, d.db, d.book, models.StatusReserved, nil)
	err := d.db.Exec(`INSERT INTO catalog_hold (book_id, member_id, status, bookinstance_id, placed_at, ready_at, pickup_until)
		VALUES (?, ?, 'r', ?, ?, ?, ?)`, d.book.ID, u.ID, bi.ID, d.now.UTC(), d.now.UTC(), *apptest.Date(7)).Error
	if err != nil {
		t.Fatal(err)
	}
}

// run sends the notices due and returns the counts sent and failed by kind.
func (d *desk) run(t *testing.T) map[string][2]int {
	t.Helper()
	counts, err := d.n.Send(context.Background(), d.now)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][2]int{}
	for _, c := range counts {
		if c.Sent > 0 || c.Failed > 0 {
			got[c.Kind] = [2]int{c.Sent, c.Failed}
		}
	}
	return got
}

func equal(t *testing.T, what string, got, want map[string][2]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}
}

func TestNotifySendsEachNoticeOnce(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		alice, bob := apptest.User(t, d.db, "alice", password), apptest.User(t, d.db, "bob", password)
		silent := apptest.User(t, d.db, "silent", password)
		gone := apptest.User(t, d.db, "gone", password)
		if err := d.db.Exec("UPDATE auth_user SET email = '' WHERE id = ?", silent.ID).Error; err != nil {
			t.Fatal(err)
		}
		if err := d.db.Exec("UPDATE auth_user SET is_active = ? WHERE id = ?", false, gone.ID).Error; err != nil {
			t.Fatal(err)
		}
		for _, days := range []int{2, 1, 0} {
			d.lend(t, alice, days)
		}
		renewed := d.lend(t, alice, -1)
		d.lend(t, bob, -7)
		d.lend(t, bob, -30)
		d.lend(t, bob, 3) // not due yet
		d.lend(t, silent, -1)
		d.lend(t, gone, -1)
		returned := d.lend(t, bob, -1)
		if _, err := models.CheckIn(context.Background(), d.db, returned.ID, d.libby.ID, models.HoldRules{PickupDays: 7}, d.now); err != nil {
			t.Fatal(err)
		}
		d.holdReady(t, bob)
		d.holdReady(t, silent)

		equal(t, "first run", d.run(t), map[string][2]int{
			models.NoticeHoldReady: {1, 0}, models.NoticeDueSoon: {3, 0}, models.NoticeOverdue1: {1, 0}, models.NoticeOverdue7: {2, 0}})
		msgs := d.box.Messages()
		if len(msgs) != 7 {
			t.Fatalf("%d messages sent, want 7", len(msgs))
		}
		var subjects []string
		for _, m := range msgs {
			if m.To != "alice@example.com" && m.To != "bob@example.com" {
				t.Errorf("a notice went to %s", m.To)
			}
			subjects = append(subjects, m.To+": "+m.Subject)
		}
		ready := `bob@example.com: Your hold on "The Left Hand of Darkness" is ready for pickup`
		overdue := `alice@example.com: "The Left Hand of Darkness" is overdue`
		for _, want := range []string{ready, overdue, `bob@example.com: "The Left Hand of Darkness" is a week overdue`} {
			if !slices.Contains(subjects, want) {
				t.Errorf("no notice %q among %q", want, subjects)
			}
		}
		apptest.Contains(t, msgs[0].Body, "Dear bob,", "Please collect it by "+apptest.Date(7).Display(), "http://localhost:3000/catalog/myholds/")
		var n int64
		d.db.Model(&models.Notice{}).Count(&n)
		if n != 7 {
			t.Errorf("%d notices recorded, want 7", n)
		}

		equal(t, "second run", d.run(t), map[string][2]int{})
		if got := len(d.box.Messages()); got != 7 {
			t.Errorf("the second run sent %d more", got-7)
		}

		t.Run("a renewed loan gets its notices again", func(t *testing.T) {
			if err := models.Renew(context.Background(), d.db, renewed.ID, *apptest.Date(1)); err != nil {
				t.Fatal(err)
			}
			equal(t, "after renewal", d.run(t), map[string][2]int{models.NoticeDueSoon: {1, 0}})
			equal(t, "again", d.run(t), map[string][2]int{})
		})

		t.Run("a failed notice is not recorded and is sent by the next run", func(t *testing.T) {
			d.lend(t, alice, -2)
			d.box.Fail(errors.New("mail server down"))
			equal(t, "failing", d.run(t), map[string][2]int{models.NoticeOverdue1: {0, 1}})
			var n int64
			d.db.Model(&models.Notice{}).Count(&n)
			if n != 8 {
				t.Errorf("%d notices recorded, want 8 (none for the failed one)", n)
			}
			d.box.Fail(nil)
			equal(t, "recovered", d.run(t), map[string][2]int{models.NoticeOverdue1: {1, 0}})
			last := d.box.Messages()[len(d.box.Messages())-1]
			if last.To != "alice@example.com" || !strings.Contains(last.Body, apptest.Date(-2).Display()) {
				t.Errorf("last message to %s:\n%s", last.To, last.Body)
			}
		})
	})
}

func TestDueNoticesReadEachBatchInOneStatement(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		alice := apptest.User(t, d.db, "alice", password)
		for range 5 {
			d.lend(t, alice, -1)
		}
		n := apptest.CountStatements(t, d.db)
		due, err := models.DueNotices(context.Background(), d.db, models.NoticeOverdue1, models.NewDate(d.now), models.DueNotice{}, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(due) != 5 || n.Load() != 1 {
			t.Errorf("%d notices in %d statements, want 5 in 1", len(due), n.Load())
		}
	})
}

func TestARunPassesExpiredHoldsOnAndTellsTheNextMember(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		ctx := context.Background()
		bob, carol := apptest.User(t, d.db, "bob", password), apptest.User(t, d.db, "carol", password)
		apptest.Copy(t, d.db, d.book, models.StatusAvailable, nil)
		rules := models.HoldRules{Limit: 5, PickupDays: 7}
		first, err := models.PlaceHold(ctx, d.db, d.book.ID, bob.ID, rules, d.now.AddDate(0, 0, -10))
		if err != nil || first.Status != models.HoldReady {
			t.Fatalf("bob's hold: %v, %+v", err, first)
		}
		if _, err := models.PlaceHold(ctx, d.db, d.book.ID, carol.ID, rules, d.now.AddDate(0, 0, -9)); err != nil {
			t.Fatal(err)
		}
		// Bob never came: his pickup window closed yesterday.
		if err := d.db.Exec("UPDATE catalog_hold SET pickup_until = ? WHERE id = ?", *apptest.Date(-1), first.ID).Error; err != nil {
			t.Fatal(err)
		}
		// A second book: a copy added to the shelf directly waits for the queue sweep.
		other := apptest.Book(t, d.db, "The Lathe of Heaven", d.book.Author, nil)
		lonely := apptest.Copy(t, d.db, other, models.StatusAvailable, nil)
		if _, err := models.PlaceHold(ctx, d.db, other.ID, carol.ID, rules, d.now); err != nil {
			t.Fatal(err)
		}
		if err := d.db.Exec("UPDATE catalog_bookinstance SET status = ? WHERE id = ?", models.StatusMaintenance, lonely.ID).Error; err != nil {
			t.Fatal(err)
		}
		apptest.Copy(t, d.db, other, models.StatusAvailable, nil)

		r, err := d.n.Run(ctx, notices.CirculationSteps(), rules.PickupDays, d.now)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		r.Print(&out)
		apptest.Contains(t, out.String(), "holds expired: 1\n", "copies set aside: 1\n", "hold_ready: 2 sent\n")
		for _, m := range d.box.Messages() {
			if m.To != "carol@example.com" || !strings.Contains(m.Subject, "is ready for pickup") {
				t.Errorf("%s: %s", m.To, m.Subject)
			}
		}
		if len(d.box.Messages()) != 2 {
			t.Errorf("%d messages, want 2 (both to carol)", len(d.box.Messages()))
		}
	})
}

func TestANoticeNoLongerDueWhenSentIsLeftAlone(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		ctx := context.Background()
		alice := apptest.User(t, d.db, "alice", password)
		bi := d.lend(t, alice, -1)
		due, err := models.DueNotices(ctx, d.db, models.NoticeOverdue1, models.NewDate(d.now), models.DueNotice{}, 10)
		if err != nil || len(due) != 1 {
			t.Fatalf("due: %v, %v", due, err)
		}
		// Returned between the read and the send.
		if _, err := models.CheckIn(ctx, d.db, bi.ID, d.libby.ID, models.HoldRules{PickupDays: 7}, d.now); err != nil {
			t.Fatal(err)
		}
		calls := 0
		sent, err := models.SendNotice(ctx, d.db, due[0], d.now, func() error { calls++; return nil })
		var n int64
		d.db.Model(&models.Notice{}).Count(&n)
		if sent || err != nil || calls != 0 || n != 0 {
			t.Errorf("sent %v (%v), %d send(s), %d record(s); want nothing", sent, err, calls, n)
		}
	})
}

// A hold set aside, told, back in the queue and set aside again with a new pickup date is told
// again; the same pickup date is told once.
func TestAHoldSetAsideAgainIsToldAgain(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		ctx := context.Background()
		bob := apptest.User(t, d.db, "bob", password)
		shelf := apptest.Copy(t, d.db, d.book, models.StatusAvailable, nil)
		if _, err := models.PlaceHold(ctx, d.db, d.book.ID, bob.ID, models.HoldRules{Limit: 5, PickupDays: 7}, d.now); err != nil {
			t.Fatal(err)
		}
		equal(t, "first run", d.run(t), map[string][2]int{models.NoticeHoldReady: {1, 0}})
		equal(t, "second run", d.run(t), map[string][2]int{})
		// The copy goes to repair, so the hold waits again; back on the shelf two days later.
		for _, status := range []string{models.StatusMaintenance, models.StatusAvailable} {
			if err := d.db.Exec("UPDATE catalog_bookinstance SET status = ? WHERE id = ?", status, shelf.ID).Error; err != nil {
				t.Fatal(err)
			}
		}
		d.now = d.now.AddDate(0, 0, 2)
		if n, err := models.ServeQueue(ctx, d.db, d.book.ID, 7, d.now); err != nil || n != 1 {
			t.Fatalf("serve the queue: %d, %v", n, err)
		}
		equal(t, "set aside again", d.run(t), map[string][2]int{models.NoticeHoldReady: {1, 0}})
		equal(t, "and again", d.run(t), map[string][2]int{})
		msgs := d.box.Messages()
		if len(msgs) != 2 || !strings.Contains(msgs[1].Body, "Please collect it by "+models.NewDate(d.now).AddDays(7).Display()) {
			t.Errorf("messages: %+v", msgs)
		}
	})
}

// A title with line breaks (as a CSV cell may hold) still makes a one-line subject.
func TestASubjectIsOneLine(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		d := newDesk(t, dialect)
		if err := d.db.Exec("UPDATE catalog_book SET title = ? WHERE id = ?", "Part one\r\nPart\ttwo\r", d.book.ID).Error; err != nil {
			t.Fatal(err)
		}
		d.holdReady(t, apptest.User(t, d.db, "bob", password))
		equal(t, "run", d.run(t), map[string][2]int{models.NoticeHoldReady: {1, 0}})
		if msgs := d.box.Messages(); len(msgs) != 1 || msgs[0].Subject != `Your hold on "Part one Part two" is ready for pickup` {
			t.Errorf("messages: %+v", msgs)
		}
	})
}
