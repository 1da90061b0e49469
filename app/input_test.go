package app_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"locallibrary/app/apptest"
)

// multipartPost builds a multipart/form-data POST of fields (name, value pairs) and one file.
func multipartPost(t *testing.T, path string, fields [][2]string, fileName string) *http.Request {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	if fileName != "" {
		fw, err := w.CreateFormFile("upload", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte("file contents may hold \x00 and \xff: they are not text"))
	}
	w.Close()
	req := httptest.NewRequest(http.MethodPost, "http://example.com"+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

func TestBadBytesGet400(t *testing.T) {
	const nul, notUTF8 = "Null characters are not allowed.", "The request is not valid UTF-8 text."
	apptest.Each(t, func(t *testing.T, dialect string) {
		a, logs := apptest.NewAppWithLog(t, apptest.Config(t, dialect))
		c := apptest.NewClient(t, a)
		token := c.CSRFToken()
		login := func(username string) [][2]string {
			return [][2]string{{"csrfmiddlewaretoken", token}, {"username", username}, {"password", "x"}}
		}
		withCookie := func(path, cookie string) apptest.Response {
			req := httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil)
			req.Header.Set("Cookie", cookie)
			return c.Do(req)
		}
		tests := []struct {
			name string
			send func() apptest.Response
			want string
		}{
			{"NUL in the query", func() apptest.Response { return c.Get("/catalog/search/?q=a%00b") }, nul},
			{"NUL in the path", func() apptest.Response { return c.Get("/catalog/book/1%00") }, nul},
			{"NUL in a form", func() apptest.Response {
				return c.Post("/accounts/login/", url.Values{"username": {"a\x00b"}, "password": {"x"}})
			}, nul},
			{"NUL in the reset form", func() apptest.Response {
				return c.Post("/accounts/password_reset/", url.Values{"email": {"a\x00@example.com"}})
			}, nul},
			{"NUL in a multipart field", func() apptest.Response {
				return c.Do(multipartPost(t, "/accounts/login/", login("a\x00b"), ""))
			}, nul},
			{"invalid UTF-8 in the query", func() apptest.Response { return c.Get("/catalog/search/?q=%FF") }, notUTF8},
			{"invalid UTF-8 in a query name", func() apptest.Response { return c.Get("/catalog/books/?%C3=1") }, notUTF8},
			{"invalid UTF-8 in the path", func() apptest.Response { return c.Get("/catalog/book/%FF") }, notUTF8},
			{"invalid UTF-8 in the login username", func() apptest.Response {
				return c.Post("/accounts/login/", url.Values{"username": {"\xff"}, "password": {"x"}})
			}, notUTF8},
			{"invalid UTF-8 in a multipart field", func() apptest.Response {
				return c.Do(multipartPost(t, "/accounts/login/", login("\xe2\x82"), ""))
			}, notUTF8},
			{"invalid UTF-8 in a multipart file name", func() apptest.Response {
				return c.Do(multipartPost(t, "/accounts/login/", login("member"), "caf\xe9.txt"))
			}, notUTF8},
			{"invalid UTF-8 in a cookie", func() apptest.Response { return withCookie("/catalog/", "theme=\xff\xfe") }, notUTF8},
			{"invalid UTF-8 in a cookie name", func() apptest.Response { return withCookie("/catalog/", "\xc0=1") }, notUTF8},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := tt.send()
				apptest.Status(t, r, http.StatusBadRequest)
				apptest.Contains(t, r.Body, tt.want)
			})
		}
		t.Run("good text passes", func(t *testing.T) {
			apptest.Status(t, c.Get("/catalog/search/?q="+url.QueryEscape("Łódź 東京")), 200)
			apptest.Status(t, withCookie("/catalog/", "theme=dark"), 200)
			r := c.Do(multipartPost(t, "/accounts/login/", login("nobody"), "café.txt"))
			apptest.Status(t, r, 200)
			apptest.Contains(t, r.Body, "didn&#39;t match")
		})
		apptest.Excludes(t, logs.String(), `"level":"ERROR"`)
	})
}

func TestSearchTextIsCutInCharacters(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		title := strings.Repeat("東京の本", 50) // 200 characters, 600 bytes
		apptest.Book(t, db, title, apptest.Author(t, db, "春樹", "村上"), nil)
		c := apptest.NewClient(t, a)
		tests := []struct {
			name, q, want string
		}{
			{"70 CJK characters", strings.Repeat("東京の本", 17) + "東京", "1 book found"},
			{"200 characters", title, "1 book found"},
			// Cut to its first 200 characters, the text still matches.
			{"250 characters", title + strings.Repeat("本", 50), "1 book found"},
			{"201st character differs", title + "x", "1 book found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := c.Get("/catalog/search/?q=" + url.QueryEscape(tt.q))
				apptest.Status(t, r, 200)
				apptest.Contains(t, r.Body, tt.want)
			})
		}
	})
}

// There is no year 0 (PostgreSQL refuses it): a filter on one is a bad request, a form's date
// field says so, on both databases.
func TestYearZeroIsNotADate(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		for _, q := range []string{"due_back__gte=0000-01-01", "due_back__lt=0000-06-01"} {
			apptest.Status(t, l.librarian.Get("/admin/catalog/bookinstance/?"+q), http.StatusBadRequest)
			apptest.Status(t, l.librarian.Get("/admin/catalog/bookinstance/export.csv?"+q), http.StatusBadRequest)
		}
		r := l.librarian.Post("/catalog/author/create/", url.Values{"first_name": {"Ada"}, "last_name": {"Lovelace"}, "date_of_birth": {"0000-12-10"}})
		apptest.Status(t, r, http.StatusUnprocessableEntity)
		apptest.Contains(t, r.Body, "Enter a valid date.")
	})
}
