package app_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
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

		restarted := browser.On(apptest.NewApp(t, cfg))
		second := browser.On(apptest.NewApp(t, cfg))
		t.Run("restart", func(t *testing.T) {
			// A new process on the same database; the browser keeps its cookie.
			if got := visitLine(t, restarted.Get("/catalog/").Body); got != "3 times" {
				t.Errorf("after restart: %q, want 3 times", got)
			}
		})
		t.Run("two processes", func(t *testing.T) {
			// Two processes sharing the database serve one session.
			if got := visitLine(t, second.Get("/catalog/").Body); got != "4 times" {
				t.Errorf("second process: %q, want 4 times", got)
			}
			if got := visitLine(t, restarted.Get("/catalog/").Body); got != "5 times" {
				t.Errorf("back on the first process: %q, want 5 times", got)
			}
			apptest.Contains(t, second.Get("/catalog/").Body, "User: member")
			apptest.Contains(t, restarted.Get("/catalog/").Body, "User: member")
		})
		t.Run("form from one process posted to the other", func(t *testing.T) {
			apptest.Status(t, second.Post("/accounts/logout/", nil), 200)
		})
	})
}

func TestSessionCookie(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		for _, secure := range []bool{false, true} {
			t.Run(fmt.Sprintf("COOKIE_SECURE=%v", secure), func(t *testing.T) {
				cfg := apptest.Config(t, dialect)
				cfg.CookieSecure = secure
				a := apptest.NewApp(t, cfg)
				apptest.User(t, a.DB.Gorm, "member", goodPassword)
				c := apptest.NewClient(t, a)
				type answer struct {
					name string
					r    apptest.Response
					ttl  time.Duration
				}
				tests := []answer{{"anonymous", c.Get("/catalog/"), cfg.AnonSessionTTL}}
				if !secure { // the test client sends Secure cookies (CSRF's too) over HTTPS only
					tests = append(tests, answer{"logged in", c.Login("member", goodPassword), cfg.SessionTTL})
				}
				for _, tt := range tests {
					t.Run(tt.name, func(t *testing.T) {
						sid := sessionCookie(t, tt.r)
						if !sid.HttpOnly || sid.SameSite != http.SameSiteLaxMode || sid.Secure != secure {
							t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Secure=%v", sid, secure)
						}
						if age := time.Duration(sid.MaxAge) * time.Second; age != tt.ttl {
							t.Errorf("cookie lifetime %s, want %s", age, tt.ttl)
						}
						// 43 base64url characters carry 256 bits.
						if !sessions.ValidID(sid.Value) {
							t.Errorf("session id %q is not 43 base64url characters", sid.Value)
						}
					})
				}
			})
		}
	})
}

// sessionCookie returns the session cookie r sets, failing the test when there is none.
func sessionCookie(t *testing.T, r apptest.Response) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == sessions.CookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", sessions.CookieName, r.Header.Values("Set-Cookie"))
	return nil
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

		t.Run("404", func(t *testing.T) {
			r := browser.Get("/catalog/nope")
			apptest.Status(t, r, 404)
			apptest.Contains(t, r.Body, "Page not found", `href="/catalog/books/"`)
		})
		for _, path := range []string{"/boom", "/fail"} {
			t.Run("500 "+path, func(t *testing.T) {
				r := browser.Get(path)
				apptest.Status(t, r, 500)
				apptest.Contains(t, r.Body, "Server error", `href="/catalog/books/"`)
				apptest.Excludes(t, r.Body, "hunter2", "secret detail")
			})
		}
		t.Run("after a panic", func(t *testing.T) {
			apptest.Status(t, browser.Get("/catalog/"), 200)
		})
	})
}

func TestRedirects(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		browser := apptest.NewClient(t, a)
		tests := []struct{ path, location string }{
			{"/", "/catalog/"},
			{"/catalog", "/catalog/"},
			// Django's APPEND_SLASH holds for every page, not only the lists.
			{"/accounts/login", "/accounts/login/"},
			{"/accounts/login?next=%2Fcatalog%2Fmybooks%2F", "/accounts/login/?next=%2Fcatalog%2Fmybooks%2F"},
			{"/accounts/password_reset", "/accounts/password_reset/"},
			{"/accounts/reset/done", "/accounts/reset/done/"},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				apptest.Redirect(t, browser.Get(tt.path), http.StatusMovedPermanently, tt.location)
			})
		}
		for _, path := range []string{"/accounts/nope", "/accounts/reset//done", "/catalog/user/1/nope"} {
			t.Run(path, func(t *testing.T) {
				apptest.Status(t, browser.Get(path), http.StatusNotFound)
			})
		}
		t.Run("POST is not redirected", func(t *testing.T) {
			r := browser.Post("/accounts/login", url.Values{"username": {"x"}, "password": {"y"}})
			if r.Status == http.StatusMovedPermanently || r.Status == http.StatusOK {
				t.Errorf("POST /accounts/login: %d, want it refused", r.Status)
			}
		})
	})
}

func TestRefusesStaleSchema(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.RunMigrations = false
		db := apptest.OpenDB(t, cfg)
		ctx := context.Background()
		t.Run("empty database", func(t *testing.T) {
			if _, err := app.New(ctx, cfg, db, apptest.Logger(), io.Discard); !errors.Is(err, database.ErrNotMigrated) {
				t.Fatalf("%v, want ErrNotMigrated", err)
			}
		})
		t.Run("one migration behind", func(t *testing.T) {
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
				t.Fatalf("%v, want ErrNotMigrated", err)
			}
		})
		t.Run("RUN_MIGRATIONS=1", func(t *testing.T) {
			cfg.RunMigrations = true
			a, err := app.New(ctx, cfg, db, apptest.Logger(), io.Discard)
			if err != nil {
				t.Fatalf("should migrate and serve: %v", err)
			}
			defer a.Sessions.Close()
			apptest.Status(t, apptest.NewClient(t, a).Get("/catalog/"), 200)
		})
	})
}

func TestHealth(t *testing.T) {
	a := apptest.NewApp(t, apptest.Config(t, apptest.SQLite))
	c := apptest.NewClient(t, a)
	for _, p := range []string{"/healthz", "/readyz"} {
		t.Run(p, func(t *testing.T) {
			if r := c.Get(p); apptest.Status(t, r, 200) && r.Body != "ok" {
				t.Errorf("body %q, want ok", r.Body)
			}
		})
	}
}
