package app_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/app/sessions"
)

func countSessions(t *testing.T, a *app.App) int64 {
	t.Helper()
	var n int64
	if err := a.DB.Gorm.Raw("SELECT count(*) FROM sessions").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// sessionExpiry returns the stored expiry of session sid as a time.
func sessionExpiry(t *testing.T, a *app.App, sid string) time.Time {
	t.Helper()
	var e int64
	if err := a.DB.Gorm.Raw("SELECT e FROM sessions WHERE k = ?", sid).Scan(&e).Error; err != nil || e == 0 {
		t.Fatalf("session %.8s...: expiry %d, %v", sid, e, err)
	}
	return time.Unix(e, 0)
}

func TestCookielessVisitsStoreNoSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		const n, workers = 10_000, 8
		var next atomic.Int64
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for next.Add(1) <= n {
					if status, _, err := fetch(a, "/catalog/", ""); err != nil || status != http.StatusOK {
						t.Errorf("cookieless visit: %d %v", status, err)
						return
					}
				}
			}()
		}
		wg.Wait()
		if rows := countSessions(t, a); rows != 0 {
			t.Errorf("%d cookieless visits left %d sessions, want 0", n, rows)
		}
	})
}

func TestAnonymousSessionsLiveAShortTime(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		a := apptest.NewApp(t, cfg)
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		c := apptest.NewClient(t, a)
		near := func(t *testing.T, got, want time.Time) {
			t.Helper()
			if d := got.Sub(want); d < -time.Minute || d > time.Minute {
				t.Errorf("expiry %s, want about %s", got, want)
			}
		}
		t.Run("first visit stores nothing", func(t *testing.T) {
			apptest.Contains(t, c.Get("/catalog/").Body, "You have visited this page 1 time.")
			if rows := countSessions(t, a); rows != 0 || c.Cookie(sessions.CookieName) == "" {
				t.Errorf("%d sessions, cookie %q: want none stored and a cookie", rows, c.Cookie(sessions.CookieName))
			}
		})
		t.Run("second visit stores an anonymous session", func(t *testing.T) {
			apptest.Contains(t, c.Get("/catalog/").Body, "You have visited this page 2 times.")
			if rows := countSessions(t, a); rows != 1 {
				t.Fatalf("%d sessions, want 1", rows)
			}
			near(t, sessionExpiry(t, a, c.Cookie(sessions.CookieName)), time.Now().Add(cfg.AnonSessionTTL))
		})
		t.Run("a login keeps SESSION_TTL", func(t *testing.T) {
			c.Login("member", goodPassword)
			near(t, sessionExpiry(t, a, c.Cookie(sessions.CookieName)), time.Now().Add(cfg.SessionTTL))
			apptest.Contains(t, c.Get("/catalog/").Body, "You have visited this page 3 times.")
		})
		t.Run("expired sessions are swept in batches", func(t *testing.T) {
			const expired = 2500
			tx := a.DB.Gorm.Begin()
			for i := range expired {
				if err := tx.Exec("INSERT INTO sessions (k, v, e) VALUES (?, ?, ?)", sessions.NewID(), []byte{0}, i+1).Error; err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit().Error; err != nil {
				t.Fatal(err)
			}
			n, err := a.Sessions.Sweep(context.Background())
			if err != nil || n != expired {
				t.Fatalf("swept %d, %v; want %d", n, err, expired)
			}
			if rows := countSessions(t, a); rows != 1 {
				t.Errorf("%d sessions left, want the logged-in one", rows)
			}
			apptest.Contains(t, c.Get("/catalog/").Body, "You have visited this page 4 times.")
		})
	})
}
