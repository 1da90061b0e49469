package sessions_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/apptest"
	"locallibrary/app/sessions"
)

// TestSaveOfAVanishedSessionIsDropped holds a request between loading its session and saving
// it, ends the session meanwhile as a logout in another process or the expiry would, and checks
// that the save writes nothing and clears the cookie.
func TestSaveOfAVanishedSessionIsDropped(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		m := a.Sessions
		loaded, release := make(chan struct{}), make(chan struct{})
		f := fiber.New()
		f.Use(m.Load)
		f.Get("/visit", func(c *fiber.Ctx) error {
			sessions.From(c).CountVisit()
			return nil
		})
		f.Get("/hold", func(c *fiber.Ctx) error {
			sessions.From(c).CountVisit()
			loaded <- struct{}{}
			<-release
			return nil
		})
		get := func(path, sid string) *http.Response {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if sid != "" {
				req.AddCookie(&http.Cookie{Name: sessions.CookieName, Value: sid})
			}
			resp, err := f.Test(req, -1)
			if err != nil {
				t.Error(err)
				return nil
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			return resp
		}
		tests := []struct {
			name   string
			vanish func(sid string)
		}{
			{"deleted", func(sid string) {
				if err := m.Storage().Delete(sid); err != nil {
					t.Fatal(err)
				}
			}},
			{"expired", func(sid string) {
				if err := a.DB.Gorm.Exec("UPDATE sessions SET e = 1 WHERE k = ?", sid).Error; err != nil {
					t.Fatal(err)
				}
			}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				// The first visit gets a pending id, the second a stored session.
				sid := cookie(t, get("/visit", cookie(t, get("/visit", ""))))
				if v, _ := m.Storage().Get(sid); v == nil {
					t.Fatal("the second visit stored no session")
				}
				answer := make(chan *http.Response)
				go func() { answer <- get("/hold", sid) }()
				<-loaded
				tt.vanish(sid)
				close(release)
				resp := <-answer
				release = make(chan struct{})
				if c := sessionCookie(resp); c == nil || c.Value != "" || c.MaxAge >= 0 && !c.Expires.Before(time.Now()) {
					t.Errorf("cookie %+v: want it cleared", c)
				}
				if v, _ := m.Storage().Get(sid); v != nil {
					t.Error("the vanished session was written back")
				}
				if got := m.DroppedSaves(); got != uint64(i+1) {
					t.Errorf("DroppedSaves = %d, want %d", got, i+1)
				}
			})
		}
	})
}

func sessionCookie(resp *http.Response) *http.Cookie {
	if resp == nil {
		return nil
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessions.CookieName {
			return c
		}
	}
	return nil
}

func cookie(t *testing.T, resp *http.Response) string {
	t.Helper()
	c := sessionCookie(resp)
	if c == nil || c.Value == "" {
		t.Fatal("no session cookie")
	}
	return c.Value
}
