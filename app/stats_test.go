package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

// statsScenario is a small library with known statistics: its copies in every status, loans
// lent in several months (one before the twelve months shown), one overdue, and holds waiting,
// ready, fulfilled and expired long ago.
type statsScenario struct {
	alice, bob models.User
	books      map[string]models.Book
}

func newStatsScenario(t *testing.T, db *gorm.DB, now time.Time) statsScenario {
	t.Helper()
	s := statsScenario{alice: apptest.User(t, db, "alice", goodPassword), bob: apptest.User(t, db, "bob", goodPassword),
		books: map[string]models.Book{}}
	author := apptest.Author(t, db, "Ursula", "Le Guin")
	copies := map[string]models.BookInstance{}
	for _, title := range []string{"Alpha", "Beta", "Gamma", "Delta"} {
		s.books[title] = apptest.Book(t, db, title, author, nil)
	}
	for _, c := range []struct{ title, status string }{
		{"Alpha", models.StatusMaintenance}, {"Alpha", models.StatusAvailable}, {"Beta", models.StatusOnLoan},
		{"Beta", models.StatusAvailable}, {"Gamma", models.StatusReserved}, {"Gamma", models.StatusAvailable},
		{"Delta", models.StatusOnLoan},
	} {
		copies[c.title+"/"+c.status] = apptest.Copy(t, db, s.books[c.title], c.status, nil)
	}
	month := func(back int) time.Time {
		n := now.UTC()
		return time.Date(n.Year(), n.Month(), 1, 12, 0, 0, 0, time.UTC).AddDate(0, -back, 0)
	}
	today := models.NewDate(now)
	for _, l := range []struct {
		copy   string
		back   int
		due    int
		closed bool
	}{
		{"Alpha/a", 0, 0, true}, {"Alpha/a", 0, 0, true}, {"Alpha/a", 0, 0, true}, {"Alpha/a", 12, 0, true},
		{"Beta/a", 1, 0, true}, {"Beta/o", 1, 5, false},
		{"Gamma/a", 11, 0, true},
		{"Delta/o", 3, 0, true}, {"Delta/o", 3, -2, false},
	} {
		bi := copies[l.copy]
		loan := models.Loan{BookInstanceID: bi.ID, BorrowerID: &s.alice.ID, LentAt: month(l.back), DueBack: today.AddDays(l.due)}
		if l.closed {
			returned := month(l.back).Add(48 * time.Hour)
			loan.ReturnedAt = &returned
		}
		must(t, db.Omit("BookInstance", "Borrower", "Librarian", "ReturnedBy").Create(&loan).Error)
	}
	days := func(n float64) time.Time { return now.UTC().Add(-time.Duration(n * 24 * float64(time.Hour))) }
	hold := `INSERT INTO catalog_hold (book_id, member_id, status, bookinstance_id, placed_at, ready_at, pickup_until) VALUES (?, ?, ?, ?, ?, ?, ?)`
	pickup := today.AddDays(3)
	for _, h := range []struct {
		book           string
		member         models.User
		status         string
		copy           any
		placed, ready  time.Time
		readyOK, until bool
	}{
		{book: "Alpha", member: s.alice, status: "w", placed: days(2)},
		{book: "Beta", member: s.bob, status: "w", placed: days(4)},
		// Ready after 3 and 5 days: the average wait until ready is 4 days.
		{book: "Gamma", member: s.alice, status: "r", copy: copies["Gamma/r"].ID, placed: days(10), ready: days(7), readyOK: true, until: true},
		{book: "Delta", member: s.bob, status: "f", placed: days(30), ready: days(25), readyOK: true},
		// Ready before the twelve months: not counted.
		{book: "Alpha", member: s.bob, status: "x", placed: days(400), ready: days(390), readyOK: true},
	} {
		var ready, until any
		if h.readyOK {
			ready = h.ready
		}
		if h.until {
			until = pickup
		}
		must(t, db.Exec(hold, s.books[h.book].ID, h.member.ID, h.status, h.copy, h.placed, ready, until).Error)
	}
	return s
}

// statsRow matches a row of a statistics table.
func statsRow(label string, value int64) *regexp.Regexp {
	return regexp.MustCompile(`<th scope="row">(<a href="[^"]+">)?` + regexp.QuoteMeta(label) + `(</a>)?</th>\s*<td class="text-end">` +
		fmt.Sprint(value) + `</td>`)
}

func TestStatsPage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		now := time.Now()
		s := newStatsScenario(t, db, now)
		apptest.Librarian(t, db, "libby", goodPassword)
		anon, member, librarian := apptest.NewClient(t, a), apptest.NewClient(t, a), apptest.NewClient(t, a)
		member.Login("alice", goodPassword)
		librarian.Login("libby", goodPassword)

		apptest.Redirect(t, anon.Get("/catalog/stats/"), http.StatusFound, "/accounts/login/?next=%2Fcatalog%2Fstats%2F")
		apptest.Status(t, member.Get("/catalog/stats/"), http.StatusForbidden)
		apptest.Excludes(t, member.Get("/catalog/").Body, `href="/catalog/stats/"`)
		r := librarian.Get("/catalog/stats/")
		if !apptest.Status(t, r, 200) {
			t.FailNow()
		}
		body := apptest.Main(r.Body)
		apptest.Contains(t, r.Body, `<a href="/catalog/stats/">Statistics</a>`)

		month := func(back int) string {
			n := now.UTC()
			return time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -back, 0).Format("Jan 2006")
		}
		figures := []struct {
			label string
			value int64
		}{
			{"Maintenance", 1}, {"On loan", 2}, {"Available", 3}, {"Reserved", 1},
			{month(0), 3}, {month(1), 2}, {month(2), 0}, {month(3), 2}, {month(10), 0}, {month(11), 1},
			{"Alpha", 4}, {"Beta", 2}, {"Delta", 2}, {"Gamma", 1},
		}
		for _, f := range figures {
			t.Run(fmt.Sprintf("%s %d", f.label, f.value), func(t *testing.T) {
				if !statsRow(f.label, f.value).MatchString(body) {
					t.Errorf("no table row %q = %d", f.label, f.value)
				}
				// The same number in the SVG: the bar's tooltip and the chart's description.
				apptest.Contains(t, body, fmt.Sprintf("<title>%s: %d</title>", f.label, f.value), fmt.Sprintf("%s: %d", f.label, f.value))
			})
		}
		apptest.Excludes(t, body, month(12))
		// Most loans first, ties by book id; the longest bar fills the chart.
		apptest.InOrder(t, body, `<th scope="row"><a href="/catalog/book/`+fmt.Sprint(s.books["Alpha"].ID)+`">Alpha</a>`,
			">Beta</a>", ">Delta</a>", ">Gamma</a>")
		apptest.Contains(t, body, `role="img" aria-labelledby="chart-top-title chart-top-desc"`, `<title id="chart-top-title">`,
			`<desc id="chart-top-desc">`, `width="340" height="18"`, `<caption>Copies by status</caption>`)
		apptest.Contains(t, body, `id="stats-overdue">1<`, `id="stats-holds-waiting">2<`, `id="stats-wait-waiting">3.0 days<`,
			`id="stats-wait-ready">4.0 days (2 holds)<`)
		apptest.Excludes(t, body, "<script")
		apptest.CountersExact(t, a.DB)

		t.Run("holds move on", func(t *testing.T) {
			// Bob cancels his hold on Beta; the copy set aside for Alice goes back on the shelf,
			// and her hold waits again (since its placing, ten days ago).
			must(t, db.Exec("UPDATE catalog_hold SET status = 'c' WHERE book_id = ? AND status = 'w'", s.books["Beta"].ID).Error)
			must(t, db.Exec("UPDATE catalog_bookinstance SET status = ? WHERE status = ?", models.StatusAvailable, models.StatusReserved).Error)
			body := apptest.Main(librarian.Get("/catalog/stats/").Body)
			apptest.Contains(t, body, `id="stats-holds-waiting">2<`, `id="stats-wait-waiting">6.0 days<`, `id="stats-wait-ready">5.0 days (1 hold)<`)
			if !statsRow("Reserved", 0).MatchString(body) || !statsRow("Available", 4).MatchString(body) {
				t.Error("the copy set aside should count as available")
			}
			apptest.CountersExact(t, a.DB)
			must(t, db.Exec("DELETE FROM catalog_hold WHERE status = 'f'").Error)
			apptest.Contains(t, apptest.Main(librarian.Get("/catalog/stats/").Body), `id="stats-wait-ready">–`)
			apptest.CountersExact(t, a.DB)
		})
	})
}

func TestStatsPageEmpty(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Librarian(t, a.DB.Gorm, "libby", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("libby", goodPassword)
		r := c.Get("/catalog/stats/")
		if apptest.Status(t, r, 200) {
			body := apptest.Main(r.Body)
			apptest.Contains(t, body, "No book has been lent yet.", `id="stats-overdue">0<`, `id="stats-wait-waiting">–<`)
			if !statsRow("Available", 0).MatchString(body) {
				t.Error("no row of available copies")
			}
		}
	})
}

// statsScan matches a plan step that reads a whole table the statistics read: PostgreSQL's
// sequential scan, SQLite's SCAN without an index.
var statsScan = regexp.MustCompile(`(?m)Seq Scan on catalog_(book|bookinstance|loan|hold|counter)\b|^SCAN catalog_(book|bookinstance|loan|hold|counter)$`)

// TestStatsPlansUseIndexes checks the plans of the statistics page's statements on a catalog of
// a few hundred books with a loan history: none reads a whole table, and the most borrowed books
// are read off the loan counters' index (the overdue loans are summed from their counters).
func TestStatsPlansUseIndexes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		newStatsScenario(t, db, time.Now())
		must(t, seed.Synthetic(context.Background(), a.DB, 300, io.Discard))
		must(t, seed.SyntheticLoans(context.Background(), a.DB, 3000, time.Now(), io.Discard))
		if dialect == apptest.Postgres {
			// Planned with the tables' statistics and visibility maps, as autovacuum keeps them on
			// a live database.
			must(t, db.Exec("VACUUM ANALYZE").Error)
		}
		apptest.Librarian(t, db, "libby", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("libby", goodPassword)
		rec := apptest.RecordStatements(t, db)
		rec.Start()
		r := c.Get("/catalog/stats/")
		stmts := rec.Stop()
		if !apptest.Status(t, r, 200) {
			t.FailNow()
		}
		var plans []string
		for _, st := range stmts {
			plan := apptest.Explain(t, a.DB, st, true)
			if os.Getenv("LOCALLIBRARY_TEST_PLANS") == "1" {
				t.Logf("%s\n%s", st.SQL, plan)
			}
			if m := statsScan.FindString(plan); m != "" {
				t.Errorf("%q reads a whole table:\n%s\n%s", m, st.SQL, plan)
			}
			plans = append(plans, plan)
		}
		for _, index := range []string{"catalog_counter_loans"} {
			if !strings.Contains(strings.Join(plans, "\n"), index) {
				t.Errorf("no statement uses %s", index)
			}
		}
		apptest.CountersExact(t, a.DB)
	})
}
