package app_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// leaks are what an error page must never show: database errors, Go's panics, our source.
var leaks = []string{"SQLSTATE", "invalid byte sequence", "goroutine ", "panic", "runtime error", ".go:", "SELECT ", "gorm", "sqlite3"}

// manyFields returns n junk fields on top of form.
func manyFields(form url.Values, n int) url.Values {
	for i := range n {
		form.Set(fmt.Sprintf("f%d", i), "x")
	}
	return form
}

func TestHostileInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a, logs := apptest.NewAppWithLog(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		book := apptest.Book(t, db, "東京の本 The Dispossessed", apptest.Author(t, db, "Ursula", "Le Guin"), nil)
		bi := apptest.Copy(t, db, book, models.StatusAvailable, nil)
		apptest.User(t, db, "member", goodPassword)
		apptest.Librarian(t, db, "libby", goodPassword)
		anon, librarian := apptest.NewClient(t, a), apptest.NewClient(t, a)
		librarian.Login("libby", goodPassword)
		librarian.CSRFToken()
		token := anon.CSRFToken()
		cjk := strings.Repeat("東京の本", 17) + "東京" // 70 characters, 210 bytes
		send := func(c *apptest.Client, method, path string, body string, header ...string) func() apptest.Response {
			return func() apptest.Response {
				req := httptest.NewRequest(method, "http://example.com"+path, strings.NewReader(body))
				for i := 0; i+1 < len(header); i += 2 {
					req.Header.Set(header[i], header[i+1])
				}
				return c.Do(req)
			}
		}
		form := []string{"Content-Type", "application/x-www-form-urlencoded"}
		tests := []struct {
			name string
			send func() apptest.Response
			want int
		}{
			{"?q=%FF", send(anon, "GET", "/catalog/search/?q=%FF", ""), 400},
			{"?q=%00", send(anon, "GET", "/catalog/search/?q=%00", ""), 400},
			{"70-character CJK search", send(anon, "GET", "/catalog/search/?q="+url.QueryEscape(cjk), ""), 200},
			{"300-character search in a 3 KB URL", send(anon, "GET", "/catalog/search/?q="+strings.Repeat("%E6%9D%B1", 300), ""), 200},
			{"login username %FF", send(anon, "POST", "/accounts/login/", "csrfmiddlewaretoken="+url.QueryEscape(token)+"&username=%FF&password=x", form...), 400},
			{"multipart with NUL", func() apptest.Response {
				return anon.Do(multipartPost(t, "/accounts/login/", [][2]string{{"csrfmiddlewaretoken", token}, {"username", "a\x00"}, {"password", "x"}}, ""))
			}, 400},
			{"non-UTF-8 cookie", send(anon, "GET", "/catalog/", "", "Cookie", "theme=\xff\xfe"), 400},
			{"garbage session id", send(anon, "GET", "/catalog/", "", "Cookie", "sessionid=../../etc/passwd"), 200},
			{"10,000 form fields", func() apptest.Response {
				return anon.Post("/accounts/login/", manyFields(url.Values{"username": {"member"}, "password": {"wrong"}}, 10000))
			}, 200},
			{"100 KB password", func() apptest.Response {
				return anon.Post("/accounts/login/", url.Values{"username": {"member"}, "password": {strings.Repeat("p", 100<<10)}})
			}, 200},
			{"huge page number", send(anon, "GET", "/catalog/books/?page=99999999999999999999", ""), 404},
			{"largest page number", send(anon, "GET", "/catalog/books/?page=9223372036854775807", ""), 404},
			{"negative page", send(anon, "GET", "/catalog/authors/?page=-1", ""), 404},
			{"page of a search", send(anon, "GET", "/catalog/search/?q=the&page=4294967297", ""), 404},
			{"huge id", send(anon, "GET", "/catalog/book/99999999999999999999", ""), 404},
			{"bad UUID", send(anon, "GET", "/catalog/bookinstance/not-a-uuid", ""), 404},
			{"UUID in braces", send(anon, "GET", "/catalog/bookinstance/{"+bi.ID.String()+"}", ""), 404},
			{"UUID with %FF", send(anon, "GET", "/catalog/bookinstance/"+bi.ID.String()[:35]+"%FF", ""), 400},
			{"bad UUID to renew", send(librarian, "GET", "/catalog/book/x%27%3B--/renew/", ""), 404},
			{"bad reset link", send(anon, "GET", "/accounts/reset/%FF%FE/1-2/", ""), 400},
			{"long reset token", send(anon, "GET", "/accounts/reset/MQ/"+strings.Repeat("z", 3000)+"/", ""), 200},
			{"check-out of a 10,000-character borrower", func() apptest.Response {
				return librarian.Post("/catalog/bookinstance/"+bi.ID.String()+"/checkout/", url.Values{"borrower": {strings.Repeat("ü", 10000)}, "due_back": {"2030-01-01"}})
			}, 422},
			{"renewal date far away", func() apptest.Response {
				return librarian.Post("/catalog/book/"+bi.ID.String()+"/renew/", url.Values{"renewal_date": {"99999-12-31"}})
			}, 422},
			{"traversal", send(anon, "GET", "/static/..%2F..%2Fgo.mod", ""), 404},
			{"next to elsewhere", func() apptest.Response {
				return anon.Post("/accounts/login/?next=%2F%2Fevil.example", url.Values{"username": {"member"}, "password": {goodPassword}, "next": {"//evil.example"}})
			}, 302},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.send()
				if r.Status != tt.want {
					t.Errorf("%s %s: %d, want %d", r.Method, r.Path[:min(len(r.Path), 80)], r.Status, tt.want)
				}
				apptest.Excludes(t, r.Body, leaks...)
				if loc := r.Header.Get("Location"); strings.Contains(loc, "evil") {
					t.Errorf("redirect to %q", loc)
				}
			})
		}
		// Requests larger than the header buffer are answered by the server itself (431), the
		// others by the site: through a real connection, since app.Test fails on the former.
		addr := apptest.Serve(t, a)
		for _, tt := range []struct{ name, request string }{
			{"6 KB cookie", "GET /catalog/ HTTP/1.1\r\nHost: x\r\nCookie: theme=" + strings.Repeat("d", 6<<10) + "\r\n\r\n"},
			{"10,000 query fields", "GET /catalog/books/?" + manyFields(url.Values{}, 10000).Encode() + " HTTP/1.1\r\nHost: x\r\n\r\n"},
			{"10,000-character search", "GET /catalog/search/?q=" + strings.Repeat("%E6%9D%B1", 10000) + " HTTP/1.1\r\nHost: x\r\n\r\n"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if status := apptest.Raw(t, addr, []byte(tt.request)); status != http.StatusOK && status != http.StatusRequestHeaderFieldsTooLarge {
					t.Errorf("status %d, want 200 or 431", status)
				}
			})
		}
		apptest.Excludes(t, logs.String(), `"level":"ERROR"`)
	})
}
