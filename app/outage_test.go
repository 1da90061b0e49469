package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/handlers"
	"locallibrary/app/sessions"
)

// TestDatabaseOutages cuts the database off (connections refused) and freezes it (connections
// accepted, nothing answered) behind a proxy, while a visitor and a member browse.
func TestDatabaseOutages(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	cfg := apptest.Config(t, apptest.Postgres)
	proxy := apptest.NewPGProxy(t)
	cfg.DatabaseURL = proxy.URL(cfg.DatabaseURL)
	cfg.RequestTimeout = 3 * time.Second
	a, logs := apptest.NewAppWithLog(t, cfg)
	apptest.Seed(t, a)
	apptest.User(t, a.DB.Gorm, "member", goodPassword)
	visitor, member := apptest.NewClient(t, a), apptest.NewClient(t, a)
	visitor.Get("/catalog/")
	visitor.Get("/catalog/")
	member.Login("member", goodPassword)
	visits := 2

	outages := []struct {
		name string
		// start begins the outage before the requests, during once they are in flight.
		start, during func()
		// Pages answer within page, /readyz within 3 s.
		page time.Duration
	}{
		{"refused", proxy.Cut, func() {}, 5 * time.Second},
		{"frozen", proxy.Freeze, func() {}, cfg.RequestTimeout + 2*time.Second},
		{"cut mid-query", proxy.Freeze, func() { proxy.WaitHeld(5 * time.Second); proxy.Cut() }, 5 * time.Second},
	}
	for _, o := range outages {
		t.Run(o.name, func(t *testing.T) {
			failures := strings.Count(logs.String(), `"level":"ERROR"`)
			o.start()
			down := []struct {
				c    *apptest.Client
				path string
			}{
				{visitor, "/catalog/"}, {visitor, "/catalog/books/"}, {member, "/catalog/mybooks/"},
				{member, "/accounts/password_change/"}, {apptest.NewClient(t, a), "/catalog/authors/"},
				{visitor, "/readyz"},
			}
			var wg sync.WaitGroup
			for _, d := range down {
				wg.Add(1)
				go func() {
					defer wg.Done()
					start := time.Now()
					r := d.c.Get(d.path)
					took := time.Since(start)
					apptest.Status(t, r, http.StatusServiceUnavailable)
					if got := r.Header.Get("Retry-After"); got != handlers.RetryAfter {
						t.Errorf("%s: Retry-After %q, want %q", d.path, got, handlers.RetryAfter)
					}
					bound := o.page
					if d.path == "/readyz" {
						bound = 3 * time.Second
					} else {
						apptest.Contains(t, r.Body, "Service unavailable")
					}
					if took > bound {
						t.Errorf("%s answered after %s, want within %s", d.path, took, bound)
					}
					t.Logf("%s: %d in %s", d.path, r.Status, took.Round(time.Millisecond))
				}()
			}
			o.during()
			wg.Wait()
			// The health check needs neither the database nor the session, even with a cookie.
			apptest.Status(t, visitor.Get("/healthz"), http.StatusOK)
			if got := strings.Count(logs.String(), `"level":"ERROR"`) - failures; got != len(down) {
				t.Errorf("%d ERROR lines for %d failed requests, want one each\n%s", got, len(down), logs.String())
			}

			proxy.Restore()
			visits++
			apptest.Contains(t, visitor.Get("/catalog/").Body, "You have visited this page "+strconv.Itoa(visits)+" times.",
				`<span id="num-books">7</span>`)
			apptest.Contains(t, member.Get("/catalog/mybooks/").Body, "User: member")
			apptest.Status(t, visitor.Get("/readyz"), http.StatusOK)
		})
	}
}

// TestMalformedCookieNeedsNoDatabase shows that the session cookie's form is checked before any
// lookup: with the database cut off, a page that needs nothing else still answers for a
// malformed cookie, while a well-formed one is looked up (and fails).
func TestMalformedCookieNeedsNoDatabase(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	cfg := apptest.Config(t, apptest.Postgres)
	proxy := apptest.NewPGProxy(t)
	cfg.DatabaseURL = proxy.URL(cfg.DatabaseURL)
	a := apptest.NewApp(t, cfg)
	proxy.Cut()
	for _, tt := range []struct {
		name, cookie string
		want         int
	}{
		{"invalid UTF-8", strings.Repeat("\xff", 43), http.StatusOK},
		{"6 KB", strings.Repeat("A", 6<<10), http.StatusOK},
		{"wrong length", "abc", http.StatusOK},
		{"well-formed", sessions.NewID(), http.StatusServiceUnavailable},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "http://example.com/accounts/login/", nil)
			req.Header.Set("Cookie", sessions.CookieName+"="+tt.cookie)
			resp, err := a.Fiber.Test(req, -1)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

// TestLockWaitsEndWithinTheDeadline holds a lock the page needs — a table lock on PostgreSQL,
// the write lock of the file on SQLite — for longer than any request may wait.
func TestLockWaitsEndWithinTheDeadline(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.RequestTimeout = 4 * time.Second
		a := apptest.NewApp(t, cfg)
		apptest.Seed(t, a)
		c := apptest.NewClient(t, a)
		c.Get("/catalog/")
		c.Get("/catalog/") // the session is stored: the next visit writes it
		ctx := context.Background()
		conn, err := a.DB.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		lock := map[string]string{
			apptest.Postgres: "BEGIN; LOCK TABLE catalog_book, sessions IN ACCESS EXCLUSIVE MODE",
			apptest.SQLite:   "BEGIN IMMEDIATE",
		}[dialect]
		for _, stmt := range strings.Split(lock, "; ") {
			if _, err := conn.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		r := c.Get("/catalog/")
		took := time.Since(start)
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		apptest.Status(t, r, http.StatusServiceUnavailable)
		apptest.Contains(t, r.Body, "Service unavailable")
		if got := r.Header.Get("Retry-After"); got != handlers.RetryAfter {
			t.Errorf("Retry-After %q, want %q", got, handlers.RetryAfter)
		}
		if took > cfg.RequestTimeout+time.Second {
			t.Errorf("answered after %s, want within REQUEST_TIMEOUT (%s)", took, cfg.RequestTimeout)
		}
		t.Logf("503 after %s", took.Round(time.Millisecond))
		// The failed visit did not count.
		apptest.Contains(t, c.Get("/catalog/").Body, "You have visited this page 3 times.")
	})
}
