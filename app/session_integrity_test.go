package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/app/sessions"
)

// fetch sends one GET with the session cookie sid (none when empty); unlike apptest.Client it
// may run on any goroutine.
func fetch(a *app.App, path, sid string) (status int, body string, err error) {
	req := httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil)
	if sid != "" {
		req.AddCookie(&http.Cookie{Name: sessions.CookieName, Value: sid})
	}
	resp, err := a.Fiber.Test(req, -1)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// inFlight runs n requests at once, the i-th on apps[i%len(apps)], together with during (a
// logout, a password change) started among them, and fails the test on a transport error or an
// error status.
func inFlight(t *testing.T, apps []*app.App, n int, path func(i int) string, sid string, during func()) {
	t.Helper()
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			status, _, err := fetch(apps[i%len(apps)], path(i), sid)
			if err == nil && status >= 500 {
				err = fmt.Errorf("GET %s: status %d", path(i), status)
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	during()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// sessionPages are pages a logged-in browser has open: the home page (writes the counter), a
// member's page (reads the login), the login form and a list. Each comes twice in a row, so that
// two processes taking turns both serve each.
func sessionPages(i int) string {
	return []string{"/catalog/", "/catalog/mybooks/", "/accounts/login/", "/catalog/books/"}[i/2%4]
}

func TestLogoutWinsOverRequestsInFlight(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		one := apptest.NewApp(t, cfg)
		apptest.User(t, one.DB.Gorm, "member", goodPassword)
		two := apptest.NewApp(t, cfg)
		for _, tt := range []struct {
			name string
			apps []*app.App
		}{
			// One process serialises the session's requests.
			{"one process", []*app.App{one}},
			// Two processes do not: the conditional write alone keeps the session dead.
			{"two processes", []*app.App{one, two}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				for trial := range 3 {
					c := apptest.NewClient(t, one)
					c.Login("member", goodPassword)
					sid := c.Cookie(sessions.CookieName)
					logout := url.Values{"csrfmiddlewaretoken": {c.CSRFToken()}}
					inFlight(t, tt.apps, 40, sessionPages, sid, func() {
						apptest.Status(t, c.PostForm("/accounts/logout/", logout), http.StatusOK)
					})
					for _, a := range tt.apps {
						if v, err := a.Sessions.Storage().Get(sid); v != nil || err != nil {
							t.Fatalf("trial %d: the logged-out session is back in the table (%v)", trial, err)
						}
						apptest.Redirect(t, withSession(t, a, sid).Get("/catalog/mybooks/"), http.StatusFound,
							"/accounts/login/?next=%2Fcatalog%2Fmybooks%2F")
					}
				}
			})
		}
	})
}

func TestPasswordChangeWinsOverRequestsInFlight(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		passwords := []string{goodPassword, "second-lantern-48", "third-lantern-49", "fourth-lantern-50"}
		for trial := range 3 {
			changer, other := apptest.NewClient(t, a), apptest.NewClient(t, a)
			changer.Login("member", passwords[trial])
			other.Login("member", passwords[trial])
			sids := []string{changer.Cookie(sessions.CookieName), other.Cookie(sessions.CookieName)}
			var wg sync.WaitGroup
			for _, sid := range sids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					inFlight(t, []*app.App{a}, 20, sessionPages, sid, func() {})
				}()
			}
			next := passwords[trial+1]
			r := changer.Post("/accounts/password_change/", url.Values{"old_password": {passwords[trial]},
				"new_password1": {next}, "new_password2": {next}})
			wg.Wait()
			if !apptest.Redirect(t, r, http.StatusSeeOther, "/accounts/password_change/done/") {
				t.FailNow()
			}
			// The session that changed the password stays logged in; the other one ends.
			apptest.Status(t, changer.Get("/catalog/mybooks/"), http.StatusOK)
			apptest.Status(t, other.Get("/catalog/mybooks/"), http.StatusFound)
		}
	})
}

func TestConcurrentVisitsAllCount(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		c := apptest.NewClient(t, a)
		c.Get("/catalog/")
		if got := visitLine(t, c.Get("/catalog/").Body); got != "2 times" {
			t.Fatalf("second visit: %s", got)
		}
		sid := c.Cookie(sessions.CookieName)
		const n = 64
		var mu sync.Mutex
		var shown []int
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, body, err := fetch(a, "/catalog/", sid)
				m := visits.FindStringSubmatch(body)
				if err != nil || status != http.StatusOK || m == nil {
					t.Errorf("visit: %d %v", status, err)
					return
				}
				k, _ := strconv.Atoi(m[1])
				mu.Lock()
				shown = append(shown, k)
				mu.Unlock()
			}()
		}
		wg.Wait()
		slices.Sort(shown)
		for i, k := range shown {
			if k != 3+i {
				t.Fatalf("the %d concurrent visits showed %v, want 3 to %d once each", n, shown, 2+n)
			}
		}
		if got := visitLine(t, c.Get("/catalog/").Body); got != strconv.Itoa(3+n)+" times" {
			t.Errorf("after %d concurrent visits: %s, want %d times", n, got, 3+n)
		}
	})
}

func TestMalformedSessionCookieGetsAFreshSession(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		valid := sessions.NewID()
		tests := []struct{ name, value string }{
			{"invalid UTF-8", strings.Repeat("\xff\xfe", 21) + "A"},
			{"one byte short", valid[:42]},
			{"one byte long", valid + "A"},
			{"6 KB", strings.Repeat("A", 6<<10)},
			{"padding", valid[:42] + "="},
			{"standard base64 alphabet", "+" + valid[1:]},
			{"non-canonical last character", valid[:42] + "B"},
			{"unknown id", valid},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, path := range []string{"/catalog/", "/accounts/login/", "/healthz"} {
					req := httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil)
					// Set raw, as a hostile client would: net/http refuses to encode such values.
					req.Header.Set("Cookie", sessions.CookieName+"="+tt.value)
					resp, err := a.Fiber.Test(req, -1)
					if err != nil {
						t.Fatal(err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK {
						t.Fatalf("%s: status %d\n%s", path, resp.StatusCode, apptest.Main(string(b)))
					}
					if path == "/catalog/" {
						if got := visitLine(t, string(b)); got != "1 time" {
							t.Errorf("visit counter %s, want a fresh session's 1 time", got)
						}
					}
					for _, ck := range resp.Cookies() {
						if ck.Name == sessions.CookieName && ck.Value == tt.value {
							t.Errorf("%s: the client's id was kept", path)
						}
					}
				}
			})
		}
	})
}
