package apptest

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"locallibrary/app"
	"locallibrary/app/seed"
	"locallibrary/config"
)

// NewApp builds the fully wired app on cfg's database, migrating it first, and shuts it down
// when the test ends.
func NewApp(t testing.TB, cfg config.Config) *app.App {
	t.Helper()
	db := OpenDB(t, cfg)
	a, err := app.New(context.Background(), cfg, db, Logger(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = a.Sessions.Close() })
	return a
}

// Seed loads the sample catalog into a's database.
func Seed(t testing.TB, a *app.App) {
	t.Helper()
	if err := seed.Sample(context.Background(), a.DB, io.Discard); err != nil {
		t.Fatal(err)
	}
}

// Client is a browser stand-in: it sends requests through app.Test and keeps cookies.
type Client struct {
	t   testing.TB
	app *app.App
	Jar http.CookieJar
	// Header is added to every request (X-Forwarded-For, Origin, ...).
	Header http.Header
}

// NewClient returns a client with an empty cookie jar.
func NewClient(t testing.TB, a *app.App) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, app: a, Jar: jar}
}

// Response is a fully read response, with the request it answers.
type Response struct {
	Method, Path string
	Status       int
	Header       http.Header
	Body         string
}

var base, _ = url.Parse("http://example.com/")

// Do sends req with the jar's cookies and stores the cookies it gets back.
func (c *Client) Do(req *http.Request) Response {
	c.t.Helper()
	for _, ck := range c.Jar.Cookies(base) {
		req.AddCookie(ck)
	}
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := c.app.Fiber.Test(req, -1)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	c.Jar.SetCookies(base, resp.Cookies())
	return Response{Method: req.Method, Path: req.URL.RequestURI(), Status: resp.StatusCode, Header: resp.Header, Body: string(body)}
}

// Get fetches path.
func (c *Client) Get(path string) Response {
	c.t.Helper()
	return c.Do(httptest.NewRequest(http.MethodGet, "http://example.com"+path, nil))
}

// PostForm posts form to path as a browser form would.
func (c *Client) PostForm(path string, form url.Values) Response {
	c.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://example.com"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// Cookie returns the value of the named cookie in the jar ("" when absent).
func (c *Client) Cookie(name string) string {
	for _, ck := range c.Jar.Cookies(base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// On returns a client for another app (a restarted or second process) that shares this
// client's cookies.
func (c *Client) On(a *app.App) *Client {
	return &Client{t: c.t, app: a, Jar: c.Jar, Header: c.Header}
}

// Main returns the page from its <main> element on, to keep failure messages short.
func Main(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:]
	}
	return body
}

// PostFile submits a multipart form, as a browser's file upload does: fields, and data as the
// file field's content named filename, with the client's CSRF token.
func (c *Client) PostFile(path string, fields url.Values, field, filename string, data []byte) Response {
	c.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fields.Set("csrfmiddlewaretoken", c.CSRFToken())
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fw.Write(data); err != nil {
		c.t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		c.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "http://example.com"+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.Do(req)
}

// Serve serves a on a loopback port until the test ends and returns its address, for tests that
// need a real socket.
func Serve(t testing.TB, a *app.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	t.Cleanup(func() { _ = a.Fiber.ShutdownWithTimeout(5 * time.Second) })
	return ln.Addr().String()
}
