package app_test

import (
	"context"
	"io"
	"net/url"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/auth"
	"locallibrary/app/seed"
	"locallibrary/config"
)

// BenchmarkPages serves the main pages of a catalog of 5,000 synthetic books through the wired
// app, on each database.
func BenchmarkPages(b *testing.B) {
	for _, dialect := range apptest.Dialects(b) {
		b.Run(dialect, func(b *testing.B) {
			a := apptest.NewApp(b, apptest.Config(b, dialect))
			apptest.Seed(b, a)
			if err := seed.Synthetic(context.Background(), a.DB, 5000, io.Discard); err != nil {
				b.Fatal(err)
			}
			c := apptest.NewClient(b, a)
			for _, p := range []struct{ name, path string }{
				{"index", "/catalog/"},
				{"book_list", "/catalog/books/?page=20"},
				{"book_detail", "/catalog/book/1"},
				{"author_list", "/catalog/authors/"},
				{"bookinstance_list", "/catalog/bookinstances/?page=3"},
				{"search", "/catalog/search/?q=volume+42"},
			} {
				b.Run(p.name, func(b *testing.B) {
					for b.Loop() {
						if r := c.Get(p.path); r.Status != 200 {
							b.Fatalf("GET %s: %d", p.path, r.Status)
						}
					}
				})
			}
		})
	}
}

// BenchmarkFailedLogin compares a wrong password for a known user with an unknown username and
// an account without a usable password: all run the password hash, so their times should be close.
func BenchmarkFailedLogin(b *testing.B) {
	cfg := apptest.Config(b, apptest.SQLite)
	cfg.LoginFailures = 1 << 30
	a := apptest.NewApp(b, cfg)
	apptest.User(b, a.DB.Gorm, "member", goodPassword)
	locked := apptest.User(b, a.DB.Gorm, "locked", goodPassword)
	a.DB.Gorm.Model(&locked).Update("password", auth.Unusable())
	c := apptest.NewClient(b, a)
	for _, user := range []string{"member", "nobody", "locked"} {
		b.Run(user, func(b *testing.B) {
			for b.Loop() {
				if r := c.Post("/accounts/login/", url.Values{"username": {user}, "password": {"wrong password"}}); r.Status != 200 {
					b.Fatalf("login: %d", r.Status)
				}
			}
		})
	}
}

// BenchmarkRateLimit measures what the site-wide rate limit adds to a request, through the wired
// app on each database: off, counted in memory, counted in the database (two statements per
// request). "not_found" is a page that touches no table; "index" is the home page, which reads
// the counts and saves the session.
func BenchmarkRateLimit(b *testing.B) {
	for _, dialect := range apptest.Dialects(b) {
		b.Run(dialect, func(b *testing.B) {
			for _, mode := range []string{"off", "memory", "database"} {
				cfg := apptest.Config(b, dialect)
				if mode != "off" {
					cfg.RateLimit = config.RateLimit{Max: 1 << 30, Window: time.Minute, Shared: mode == "database"}
				}
				a := apptest.NewApp(b, cfg)
				apptest.Seed(b, a)
				for _, p := range []struct{ name, path string }{{"not_found", "/catalog/nope"}, {"index", "/catalog/"}} {
					b.Run(p.name+"/"+mode, func(b *testing.B) {
						c := apptest.NewClient(b, a)
						for b.Loop() {
							if r := c.Get(p.path); r.Status >= 500 || r.Status == 429 {
								b.Fatalf("GET %s: %d", p.path, r.Status)
							}
						}
					})
				}
			}
		})
	}
}
