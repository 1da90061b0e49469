package apptest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"sync"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app"
	"locallibrary/app/auth"
	"locallibrary/config"
	"locallibrary/models"
)

// User creates an active user with password.
func User(t testing.TB, db *gorm.DB, username, password string, groups ...string) models.User {
	t.Helper()
	hash, err := auth.HashPassword(password)
	must(t, err)
	u := models.User{Username: username, Email: username + "@example.com", Password: hash, IsActive: true}
	must(t, models.CreateUser(context.Background(), db, &u, groups...))
	return u
}

// Librarian creates a staff user in the Librarians group.
func Librarian(t testing.TB, db *gorm.DB, username, password string) models.User {
	t.Helper()
	u := User(t, db, username, password, "Librarians")
	must(t, db.Model(&u).Update("is_staff", true).Error)
	u.IsStaff = true
	return u
}

var csrfInput = regexp.MustCompile(`name="csrfmiddlewaretoken" value="([^"]+)"`)

// CSRFToken returns the form token a page would give this client now, read from the login page.
func (c *Client) CSRFToken() string {
	c.t.Helper()
	m := csrfInput.FindStringSubmatch(c.Get("/accounts/login/").Body)
	if m == nil {
		c.t.Fatal("no CSRF token on the login page")
	}
	return m[1]
}

// Post submits form with the client's CSRF token, as a page's form would.
func (c *Client) Post(path string, form url.Values) Response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("csrfmiddlewaretoken", c.CSRFToken())
	return c.PostForm(path, form)
}

// Login logs in through the login form.
func (c *Client) Login(username, password string) Response {
	c.t.Helper()
	return c.Post("/accounts/login/", url.Values{"username": {username}, "password": {password}})
}

// LogBuffer collects an app's log lines (where e-mails go when SMTP is not configured).
type LogBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *LogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns everything logged so far.
func (b *LogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// NewAppWithLog is NewApp with the app's log captured.
func NewAppWithLog(t testing.TB, cfg config.Config) (*app.App, *LogBuffer) {
	t.Helper()
	logs := &LogBuffer{}
	db := OpenDB(t, cfg)
	a, err := app.New(context.Background(), cfg, db, slog.New(slog.NewJSONHandler(logs, nil)), io.Discard)
	must(t, err)
	t.Cleanup(func() { _ = a.Sessions.Close() })
	return a, logs
}

// Superuser creates an active staff superuser.
func Superuser(t testing.TB, db *gorm.DB, username, password string) models.User {
	t.Helper()
	u := User(t, db, username, password)
	must(t, db.Model(&u).Updates(map[string]any{"is_staff": true, "is_superuser": true}).Error)
	u.IsStaff, u.IsSuperuser = true, true
	return u
}
