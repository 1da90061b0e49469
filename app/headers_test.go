package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/apptest"
	"locallibrary/app/request"
)

func TestRequestIDsAreTheServers(t *testing.T) {
	a, logs := apptest.NewAppWithLog(t, apptest.Config(t, apptest.SQLite))
	c := apptest.NewClient(t, a)
	c.Header = http.Header{"X-Request-Id": {"forged-id\nlevel=ERROR"}}
	seen := map[string]bool{}
	for range 3 {
		id := c.Get("/catalog/").Header.Get("X-Request-Id")
		if id == "" || strings.Contains(id, "forged") || seen[id] {
			t.Errorf("request id %q: want a fresh id of the server's", id)
		}
		seen[id] = true
	}
	apptest.Excludes(t, logs.String(), "forged")
}

func TestAccountPagesAreNotCached(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		anonymous := apptest.NewClient(t, a)
		member := apptest.NewClient(t, a)
		apptest.Status(t, member.Login("member", goodPassword), http.StatusFound)
		tests := []struct {
			name    string
			send    func() apptest.Response
			noStore bool
		}{
			{"login page", func() apptest.Response { return anonymous.Get("/accounts/login/") }, true},
			{"failed login", func() apptest.Response { return anonymous.Login("member", "wrong") }, true},
			{"password reset", func() apptest.Response { return anonymous.Get("/accounts/password_reset/") }, true},
			{"password reset done", func() apptest.Response { return anonymous.Get("/accounts/password_reset/done/") }, true},
			{"reset link", func() apptest.Response { return anonymous.Get("/accounts/reset/MQ/1-2/") }, true},
			{"reset complete", func() apptest.Response { return anonymous.Get("/accounts/reset/done/") }, true},
			{"password change", func() apptest.Response { return member.Get("/accounts/password_change/") }, true},
			{"password change done", func() apptest.Response { return member.Get("/accounts/password_change/done/") }, true},
			{"logout", func() apptest.Response { return member.Post("/accounts/logout/", nil) }, true},
			{"catalog page", func() apptest.Response { return anonymous.Get("/catalog/books/") }, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.send()
				if got := r.Header.Get("Cache-Control"); (got == "no-store, private") != tt.noStore {
					t.Errorf("%s %s: Cache-Control %q (status %d)", r.Method, r.Path, got, r.Status)
				}
			})
		}
	})
}

func TestForwardedHeadersOnlyFromTrustedProxies(t *testing.T) {
	spoofed := http.Header{
		"X-Forwarded-For":   {"203.0.113.7"},
		"X-Forwarded-Proto": {"https"},
		"X-Forwarded-Host":  {"evil.example"},
		"Origin":            {"https://evil.example"},
		"Referer":           {"https://evil.example/"},
	}
	proxied := http.Header{
		"X-Forwarded-For":   {"6.6.6.6, 203.0.113.7"},
		"X-Forwarded-Proto": {"https"},
		"X-Forwarded-Host":  {"library.example"},
		"Origin":            {"https://library.example"},
		// Over HTTPS, Fiber's CSRF check wants a same-site Referer too.
		"Referer":              {"https://library.example/accounts/login/"},
		request.ClientIPHeader: {"6.6.6.6"},
	}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		header  http.Header
		// what Fiber and our rule see: c.IP(), request.ClientIP, c.Protocol(), c.Hostname()
		seen  string
		login int
	}{
		{"spoofed by an untrusted peer", nil, spoofed, "0.0.0.0 0.0.0.0 http example.com", http.StatusForbidden},
		{"spoofed client-IP header", nil, http.Header{request.ClientIPHeader: {"6.6.6.6"}}, "0.0.0.0 0.0.0.0 http example.com", http.StatusOK},
		{"from a trusted proxy", []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}, proxied, "203.0.113.7 203.0.113.7 https library.example", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := apptest.Config(t, apptest.SQLite)
			cfg.TrustedProxies = tt.trusted
			a := apptest.NewApp(t, cfg)
			a.Fiber.Get("/seen", func(c *fiber.Ctx) error {
				return c.SendString(strings.Join([]string{c.IP(), request.ClientIP(c), c.Protocol(), c.Hostname()}, " "))
			})
			c := apptest.NewClient(t, a)
			token := c.CSRFToken()
			c.Header = tt.header
			if got := c.Get("/seen").Body; got != tt.seen {
				t.Errorf("seen %q, want %q", got, tt.seen)
			}
			// CheckOrigin compares the Origin with c.Protocol() and c.Hostname().
			r := c.PostForm("/accounts/login/", url.Values{"csrfmiddlewaretoken": {token}, "username": {"x"}, "password": {"y"}})
			apptest.Status(t, r, tt.login)
		})
	}
}

func TestRefusedRequestsAreLogged(t *testing.T) {
	a, logs := apptest.NewAppWithLog(t, apptest.Config(t, apptest.SQLite))
	a.Fiber.Server().ReadTimeout = 300 * time.Millisecond
	addr := apptest.Serve(t, a)

	var nulName bytes.Buffer
	w := multipart.NewWriter(&nulName)
	fw, _ := w.CreateFormFile("upload", "a\x00b.txt")
	fw.Write([]byte("x"))
	w.Close()
	tests := []struct {
		name   string
		raw    string
		status int
	}{
		{"headers over the buffer", "GET /catalog/ HTTP/1.1\r\nHost: x\r\nCookie: sessionid=secret-session-" +
			strings.Repeat("a", 64<<10) + "\r\n\r\n", http.StatusRequestHeaderFieldsTooLarge},
		{"body over the limit", "POST /accounts/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" +
			fmt.Sprintf("Content-Length: %d\r\n\r\n", 5<<20) + "abc", http.StatusRequestEntityTooLarge},
		{"request not sent in time", "GET /catalog/ HTTP/1.1\r\nHost: x\r\n", http.StatusRequestTimeout},
		{"NUL in a multipart file name", "POST /accounts/login/ HTTP/1.1\r\nHost: x\r\nContent-Type: " + w.FormDataContentType() +
			fmt.Sprintf("\r\nContent-Length: %d\r\n\r\n", nulName.Len()) + nulName.String(), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := apptest.Raw(t, addr, []byte(tt.raw)); got != tt.status {
				t.Errorf("status %d, want %d", got, tt.status)
			}
			want := fmt.Sprintf(`"level":"WARN","msg":"request refused","status":%d`, tt.status)
			if !strings.Contains(logs.String(), want) {
				t.Errorf("no %s in the log:\n%s", want, logs.String())
			}
		})
	}
	apptest.Excludes(t, logs.String(), "secret-session", `"level":"ERROR"`)
}
