package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/app/database"
	"locallibrary/app/sessions"
	"locallibrary/config"
)

func TestCounterSurvivesRestartAndSharedDatabase(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		// The development set-up: DEBUG and no SECRET_KEY.
		env := map[string]string{"DATABASE_URL": apptest.Config(t, dialect).DatabaseURL, "DEBUG": "1", "RUN_MIGRATIONS": "1"}
		cfg, err := config.Load(func(k string) string { return env[k] })
		if err != nil {
			t.Fatal(err)
		}
		first := apptest.NewApp(t, cfg)
		apptest.User(t, first.DB.Gorm, "member", goodPassword)
		browser := apptest.NewClient(t, first)
		browser.Get("/catalog/")
		browser.Login("member", goodPassword)
		if got := visitLine(t, browser.Get("/catalog/").Body); got != "2 times" {
			t.Fatalf("before restart: %q", got)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}

		// A restart: a new process on the same database; the browser keeps its cookie.
		restarted := browser.On(apptest.NewApp(t, cfg))
		if got := visitLine(t, restarted.Get("/catalog/").Body); got != "3 times" {
			t.Errorf("after restart: %q, want 3 times", got)
		}
		// Two processes sharing the database serve one session.
		second := browser.On(apptest.NewApp(t, cfg))
		if got := visitLine(t, second.Get("/catalog/").Body); got != "4 times" {
			t.Errorf("second process: %q, want 4 times", got)
		}
		if got := visitLine(t, restarted.Get("/catalog/").Body); got != "5 times" {
			t.Errorf("back on the first process: %q, want 5 times", got)
		}
		if !strings.Contains(second.Get("/catalog/").Body, "User: member") || !strings.Contains(restarted.Get("/catalog/").Body, "User: member") {
			t.Error("the member should stay logged in across the restart and on both processes")
		}
		if r := second.Post("/accounts/logout/", nil); r.Status != 200 {
			t.Errorf("a form from one process posted to the other: %d", r.Status)
		}
	})
}

func TestSessionCookie(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		for _, secure := range []bool{false, true} {
			cfg := apptest.Config(t, dialect)
			cfg.CookieSecure = secure
			a := apptest.NewApp(t, cfg)
			r := apptest.NewClient(t, a).Get("/catalog/")
			resp := http.Response{Header: r.Header}
			var sid *http.Cookie
			for _, c := range resp.Cookies() {
				if c.Name == sessions.CookieName {
					sid = c
				}
			}
			if sid == nil {
				t.Fatalf("no %s cookie in %v", sessions.CookieName, r.Header.Values("Set-Cookie"))
			}
			if !sid.HttpOnly || sid.SameSite != http.SameSiteLaxMode || sid.Secure != secure {
				t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v", sid, secure)
			}
			if age := time.Duration(sid.MaxAge) * time.Second; age != cfg.SessionTTL {
				t.Errorf("cookie lifetime %s, want SESSION_TTL %s", age, cfg.SessionTTL)
			}
			// 43 base64url characters carry 256 random bits.
			if len(sid.Value) < 43 || strings.ContainsAny(sid.Value, "-") && len(sid.Value) == 36 {
				t.Errorf("session id %q is not a 256-bit random id", sid.Value)
			}
		}
	})
}

func TestSessionIDsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		id := sessions.NewID()
		if len(id) != 43 || seen[id] {
			t.Fatalf("id %q: length %d or repeated", id, len(id))
		}
		seen[id] = true
	}
}

func TestErrorPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		a.Fiber.Get("/boom", func(c *fiber.Ctx) error { panic("secret detail: password=hunter2") })
		a.Fiber.Get("/fail", func(c *fiber.Ctx) error { return errors.New("secret detail: db password=hunter2") })
		browser := apptest.NewClient(t, a)

		r := browser.Get("/catalog/nope")
		if r.Status != 404 || !strings.Contains(r.Body, "Page not found") || !strings.Contains(r.Body, `href="/catalog/books/"`) {
			t.Errorf("404 page with layout: %d\n%s", r.Status, r.Body)
		}
		for _, path := range []string{"/boom", "/fail"} {
			r = browser.Get(path)
			if r.Status != 500 || !strings.Contains(r.Body, "Server error") || !strings.Contains(r.Body, `href="/catalog/books/"`) {
				t.Errorf("%s: 500 page with layout: %d\n%s", path, r.Status, r.Body)
			}
			if strings.Contains(r.Body, "hunter2") || strings.Contains(r.Body, "secret detail") {
				t.Errorf("%s: the 500 page leaks the error", path)
			}
		}
		if r := browser.Get("/catalog/"); r.Status != 200 {
			t.Errorf("request after a panic: %d", r.Status)
		}
	})
}

func TestNullCharactersAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		c := apptest.NewClient(t, a)
		for _, r := range []apptest.Response{
			c.Get("/catalog/search/?q=a%00b"),
			c.Get("/catalog/book/1%00"),
			c.Post("/accounts/login/", url.Values{"username": {"a\x00b"}, "password": {"x"}}),
			c.Post("/accounts/password_reset/", url.Values{"email": {"a\x00@example.com"}}),
		} {
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "Null characters are not allowed.") {
				t.Errorf("NUL in the request: %d, want the 400 page", r.Status)
			}
		}
	})
}

func TestRedirects(t *testing.T) {
	a := apptest.NewApp(t, apptest.Config(t, apptest.SQLite))
	browser := apptest.NewClient(t, a)
	tests := []struct{ path, location string }{
		{"/", "/catalog/"},
		{"/catalog", "/catalog/"},
	}
	for _, tt := range tests {
		r := browser.Get(tt.path)
		if r.Status != http.StatusMovedPermanently || r.Header.Get("Location") != tt.location {
			t.Errorf("GET %s: %d to %q, want 301 to %s", tt.path, r.Status, r.Header.Get("Location"), tt.location)
		}
	}
}

func TestRefusesStaleSchema(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.RunMigrations = false
		db := apptest.OpenDB(t, cfg)
		ctx := context.Background()
		_, err := app.New(ctx, cfg, db, apptest.Logger(), io.Discard)
		if !errors.Is(err, database.ErrNotMigrated) {
			t.Fatalf("empty database: %v, want ErrNotMigrated", err)
		}
		m, err := database.NewMigrator(db)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Up(ctx, io.Discard); err != nil {
			t.Fatal(err)
		}
		if err := m.Down(ctx, io.Discard); err != nil {
			t.Fatal(err)
		}
		if _, err := app.New(ctx, cfg, db, apptest.Logger(), io.Discard); !errors.Is(err, database.ErrNotMigrated) {
			t.Fatalf("one migration behind: %v, want ErrNotMigrated", err)
		}
		cfg.RunMigrations = true
		a, err := app.New(ctx, cfg, db, apptest.Logger(), io.Discard)
		if err != nil {
			t.Fatalf("RUN_MIGRATIONS=1 should migrate and serve: %v", err)
		}
		defer a.Sessions.Close()
		if r := apptest.NewClient(t, a).Get("/catalog/"); r.Status != 200 {
			t.Errorf("after migrating at start: %d", r.Status)
		}
	})
}

func TestHealth(t *testing.T) {
	a := apptest.NewApp(t, apptest.Config(t, apptest.SQLite))
	c := apptest.NewClient(t, a)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := c.Get(p); r.Status != 200 || r.Body != "ok" {
			t.Errorf("%s: %d %q", p, r.Status, r.Body)
		}
	}
}
