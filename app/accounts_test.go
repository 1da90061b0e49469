package app_test

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/app/auth"
	"locallibrary/app/middleware"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

const goodPassword = "quiet-lantern-47"

func TestLoginAndNext(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "member", goodPassword)

		c := apptest.NewClient(t, a)
		r := c.Login("member", "wrong password")
		if r.Status != 200 || !strings.Contains(r.Body, "Your username and password didn&#39;t match. Please try again.") {
			t.Errorf("bad password: %d\n%s", r.Status, mainOf(r.Body))
		}
		if !strings.Contains(r.Body, `value="member"`) {
			t.Error("the username should be kept in the form")
		}
		if r := c.Login("nobody", goodPassword); !strings.Contains(r.Body, "didn&#39;t match") {
			t.Error("an unknown user should get the same message")
		}
		if r := c.Post("/accounts/login/", url.Values{"username": {""}, "password": {""}}); !strings.Contains(r.Body, "This field is required.") {
			t.Error("empty fields should be required")
		}

		tests := []struct{ next, want string }{
			{"/catalog/books/?page=1", "/catalog/books/?page=1"},
			{"", "/catalog/"},
			{"https://evil.example/", "/catalog/"},
			{"//evil.example/x", "/catalog/"},
			{`/\evil.example`, "/catalog/"},
			{"javascript:alert(1)", "/catalog/"},
			{"http:/evil.example", "/catalog/"},
			{"evil.example", "/catalog/"},
		}
		for _, tt := range tests {
			c := apptest.NewClient(t, a)
			r := c.Post("/accounts/login/", url.Values{"username": {"MEMBER"}, "password": {goodPassword}, "next": {tt.next}})
			if r.Status != http.StatusFound || r.Header.Get("Location") != tt.want {
				t.Errorf("next=%q: %d to %q, want 302 to %q", tt.next, r.Status, r.Header.Get("Location"), tt.want)
			}
			if !strings.Contains(c.Get("/catalog/").Body, "User: member") {
				t.Errorf("next=%q: not logged in afterwards", tt.next)
			}
		}
		// The login page carries ?next= into its form.
		if r := apptest.NewClient(t, a).Get("/accounts/login/?next=/catalog/mybooks/"); !strings.Contains(r.Body, `name="next" value="/catalog/mybooks/"`) {
			t.Error("the login form should keep next")
		}
	})
}

func TestSessionRotatesAtLoginAndDiesAtLogout(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		c := apptest.NewClient(t, a)
		c.Get("/catalog/")
		c.Get("/catalog/")
		before := c.Cookie(sessions.CookieName)
		if before == "" {
			t.Fatal("no session before login")
		}
		c.Login("member", goodPassword)
		after := c.Cookie(sessions.CookieName)
		if after == "" || after == before {
			t.Fatalf("session id not rotated at login: %q -> %q", before, after)
		}
		if got := visitLine(t, c.Get("/catalog/").Body); got != "3 times" {
			t.Errorf("the visit count should survive the login: %s", got)
		}
		if v, _ := a.Sessions.Storage().Get(before); v != nil {
			t.Error("the pre-login session still exists in the storage")
		}
		stale := withSession(t, a, before)
		if r := stale.Get("/accounts/password_change/"); r.Status != http.StatusFound {
			t.Errorf("the pre-login cookie still authenticates: %d", r.Status)
		}

		if r := c.Get("/accounts/logout/"); r.Status != http.StatusMethodNotAllowed {
			t.Errorf("GET logout: %d, want 405", r.Status)
		}
		if !strings.Contains(c.Get("/catalog/").Body, "User: member") {
			t.Fatal("GET logout logged the user out")
		}
		r := c.Post("/accounts/logout/", nil)
		if r.Status != 200 || !strings.Contains(r.Body, "Logged out!") || strings.Contains(r.Body, "User: member") {
			t.Errorf("logout: %d\n%s", r.Status, mainOf(r.Body))
		}
		if r := withSession(t, a, after).Get("/accounts/password_change/"); r.Status != http.StatusFound {
			t.Errorf("after logout the old cookie still authenticates: %d", r.Status)
		}
	})
}

// withSession returns a fresh client carrying only the given session cookie.
func withSession(t *testing.T, a *app.App, id string) *apptest.Client {
	t.Helper()
	c := apptest.NewClient(t, a)
	u, _ := url.Parse("http://example.com/")
	c.Jar.SetCookies(u, []*http.Cookie{{Name: sessions.CookieName, Value: id}})
	return c
}

func TestLoginRequiredAndPermissions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		a.Fiber.Get("/test/librarians-only/", middleware.RequirePermission(a.URLs, models.PermMarkReturned),
			func(c *fiber.Ctx) error { return c.SendString("librarian page") })
		db := a.DB.Gorm
		apptest.User(t, db, "member", goodPassword)
		apptest.Librarian(t, db, "libby", goodPassword)
		admin := apptest.User(t, db, "admin", goodPassword)
		db.Model(&admin).Updates(map[string]any{"is_superuser": true, "is_staff": true})

		anon := apptest.NewClient(t, a)
		for _, p := range []string{"/accounts/password_change/", "/test/librarians-only/?x=1"} {
			r := anon.Get(p)
			if want := "/accounts/login/?next=" + url.QueryEscape(p); r.Status != http.StatusFound || r.Header.Get("Location") != want {
				t.Errorf("anonymous %s: %d to %q, want 302 to %q", p, r.Status, r.Header.Get("Location"), want)
			}
		}
		member := apptest.NewClient(t, a)
		member.Login("member", goodPassword)
		if r := member.Get("/test/librarians-only/"); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Permission denied") {
			t.Errorf("member on a librarian page: %d", r.Status)
		}
		if r := member.Get("/accounts/password_change/"); r.Status != 200 {
			t.Errorf("member on a login-required page: %d", r.Status)
		}
		for _, who := range []string{"libby", "admin"} {
			c := apptest.NewClient(t, a)
			c.Login(who, goodPassword)
			if r := c.Get("/test/librarians-only/"); r.Status != 200 || r.Body != "librarian page" {
				t.Errorf("%s on a librarian page: %d", who, r.Status)
			}
		}
		// The sidebar shows the Staff section only to staff with the permissions.
		libby := apptest.NewClient(t, a)
		libby.Login("libby", goodPassword)
		page := libby.Get("/catalog/").Body
		for _, want := range []string{"User: libby", "My Borrowed", "Log out", "Staff", `href="/catalog/borrowed/"`} {
			if !strings.Contains(page, want) {
				t.Errorf("librarian sidebar: missing %q", want)
			}
		}
		page = member.Get("/catalog/").Body
		if !strings.Contains(page, "User: member") || strings.Contains(page, "Staff") || strings.Contains(page, "/catalog/borrowed/") {
			t.Error("member sidebar should have the user section and no Staff section")
		}
		page = anon.Get("/catalog/").Body
		if !strings.Contains(page, `href="/accounts/login/?next=%2fcatalog%2f"`) || strings.Contains(page, "Log out") {
			t.Error("anonymous sidebar should offer Login")
		}
	})
}

func TestCSRF(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		u := apptest.User(t, a.DB.Gorm, "member", goodPassword)
		c := apptest.NewClient(t, a)
		preLogin := c.CSRFToken()
		preCookie := c.Cookie(request.CSRFCookie)
		if preLogin == "" || preCookie == "" || !strings.HasPrefix(preLogin, preCookie+"~") {
			t.Fatalf("form token %q should be the cookie %q bound to the visitor", preLogin, preCookie)
		}
		if r := c.PostForm("/accounts/login/", url.Values{"username": {"member"}, "password": {goodPassword}}); r.Status != http.StatusForbidden {
			t.Errorf("login without a token: %d, want 403", r.Status)
		}
		c.Login("member", goodPassword)
		change := url.Values{"old_password": {goodPassword}, "new_password1": {"brand-new-secret-9"}, "new_password2": {"brand-new-secret-9"}}
		for name, token := range map[string]string{"missing": "", "wrong": "abc.def", "issued before login": preLogin} {
			form := url.Values{}
			for k, v := range change {
				form[k] = v
			}
			if token != "" {
				form.Set("csrfmiddlewaretoken", token)
			}
			r := c.PostForm("/accounts/password_change/", form)
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "CSRF verification failed") {
				t.Errorf("%s token: %d, want the 403 page", name, r.Status)
			}
		}
		// Replaying the pre-login cookie together with its token does not help either.
		u0, _ := url.Parse("http://example.com/")
		c.Jar.SetCookies(u0, []*http.Cookie{{Name: request.CSRFCookie, Value: preCookie}})
		form := url.Values{"csrfmiddlewaretoken": {preLogin}}
		for k, v := range change {
			form[k] = v
		}
		if r := c.PostForm("/accounts/password_change/", form); r.Status != http.StatusForbidden {
			t.Errorf("the pre-login cookie and token replayed after login: %d, want 403", r.Status)
		}
		// Nor does another user's token.
		apptest.User(t, a.DB.Gorm, "mallory", goodPassword)
		mallory := apptest.NewClient(t, a)
		mallory.Login("mallory", goodPassword)
		theirs := mallory.CSRFToken()
		c.Jar.SetCookies(u0, []*http.Cookie{{Name: request.CSRFCookie, Value: mallory.Cookie(request.CSRFCookie)}})
		form.Set("csrfmiddlewaretoken", theirs)
		if r := c.PostForm("/accounts/password_change/", form); r.Status != http.StatusForbidden {
			t.Errorf("another user's token: %d, want 403", r.Status)
		}
		var stored models.User
		a.DB.Gorm.Take(&stored, u.ID)
		if stored.Password != u.Password {
			t.Error("a request refused for CSRF changed the password")
		}
		if r := c.PostForm("/accounts/logout/", url.Values{}); r.Status != http.StatusForbidden {
			t.Errorf("logout without a token: %d", r.Status)
		}
		if !strings.Contains(c.Get("/catalog/").Body, "User: member") {
			t.Error("a refused logout logged the user out")
		}
		// A token from another site's page, even with a matching cookie, is refused by Origin.
		evil := apptest.NewClient(t, a)
		evil.Jar = c.Jar
		evil.Header = http.Header{"Origin": {"https://evil.example"}}
		if r := evil.Post("/accounts/logout/", nil); r.Status != http.StatusForbidden {
			t.Errorf("cross-origin POST: %d", r.Status)
		}
		// With the current token everything works.
		if r := c.Post("/accounts/password_change/", change); r.Status != http.StatusSeeOther {
			t.Errorf("password change with the token: %d\n%s", r.Status, mainOf(r.Body))
		}
	})
}

var resetLink = regexp.MustCompile(`http://localhost:3000(/accounts/reset/[A-Za-z0-9_-]+/[0-9a-z]+-[0-9a-f]+/)`)

func TestPasswordReset(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a, logs := apptest.NewAppWithLog(t, apptest.Config(t, dialect))
		u := apptest.User(t, a.DB.Gorm, "member", goodPassword)
		c := apptest.NewClient(t, a)

		r := c.Post("/accounts/password_reset/", url.Values{"email": {"nobody@example.com"}})
		unknownStatus, unknownLocation := r.Status, r.Header.Get("Location")
		if strings.Contains(logs.String(), "/accounts/reset/") {
			t.Error("an e-mail was sent to an unregistered address")
		}
		r = c.Post("/accounts/password_reset/", url.Values{"email": {"MEMBER@example.com"}})
		if r.Status != unknownStatus || r.Header.Get("Location") != unknownLocation || r.Status != http.StatusSeeOther {
			t.Errorf("registered and unregistered addresses must look the same: %d %q vs %d %q",
				r.Status, r.Header.Get("Location"), unknownStatus, unknownLocation)
		}
		if r := c.Post("/accounts/password_reset/", url.Values{"email": {"not an address"}}); !strings.Contains(r.Body, "Enter a valid email address.") {
			t.Error("a malformed address should be refused")
		}
		m := resetLink.FindStringSubmatch(logs.String())
		if m == nil {
			t.Fatalf("no reset link in the log:\n%s", logs.String())
		}
		link := m[1]
		if r := c.Get(link); r.Status != 200 || !strings.Contains(r.Body, "Enter new password") {
			t.Fatalf("reset link: %d\n%s", r.Status, mainOf(r.Body))
		}
		if r := c.Post(link, url.Values{"new_password1": {"password"}, "new_password2": {"password"}}); !strings.Contains(r.Body, "This password is too common.") {
			t.Error("a weak new password should be refused")
		}
		r = c.Post(link, url.Values{"new_password1": {"reset-and-renewed-5"}, "new_password2": {"reset-and-renewed-5"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/accounts/reset/done/" {
			t.Fatalf("setting the password: %d %q", r.Status, r.Header.Get("Location"))
		}
		if r := apptest.NewClient(t, a).Login("member", "reset-and-renewed-5"); r.Status != http.StatusFound {
			t.Error("the new password does not log in")
		}
		// The link works once.
		if r := c.Get(link); !strings.Contains(r.Body, "The password reset link was invalid") {
			t.Error("a used link still shows the form")
		}
		r = c.Post(link, url.Values{"new_password1": {"another-new-one-77"}, "new_password2": {"another-new-one-77"}})
		if !strings.Contains(r.Body, "The password reset link was invalid") {
			t.Error("a used link set a password again")
		}
		// An expired link is refused.
		var fresh models.User
		a.DB.Gorm.Take(&fresh, u.ID)
		old := auth.MakeResetToken(a.Config.SecretKey, auth.TokenUser{ID: fresh.ID, PasswordHash: fresh.Password, LastLogin: fresh.LastLogin, Email: fresh.Email},
			time.Now().Add(-a.Config.PasswordResetTimeout-time.Minute))
		if r := c.Get("/accounts/reset/" + auth.EncodeUID(u.ID) + "/" + old + "/"); !strings.Contains(r.Body, "The password reset link was invalid") {
			t.Error("an expired link shows the form")
		}
		if r := c.Get("/accounts/reset/!!/1-2/"); r.Status != 200 || !strings.Contains(r.Body, "invalid") {
			t.Errorf("a malformed link: %d", r.Status)
		}
	})
}

func TestDjangoPasswordLogsInAndIsUpgraded(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		key, err := pbkdf2.Key(sha256.New, "lètmein-from-django", []byte("seasalt2"), 1000, 32)
		if err != nil {
			t.Fatal(err)
		}
		u := models.User{Username: "olduser", Password: "pbkdf2_sha256$1000$seasalt2$" + base64.StdEncoding.EncodeToString(key), IsActive: true}
		if err := models.CreateUser(context.Background(), a.DB.Gorm, &u); err != nil {
			t.Fatal(err)
		}
		if r := apptest.NewClient(t, a).Login("olduser", "lètmein-from-django"); r.Status != http.StatusFound {
			t.Fatalf("Django hash login: %d", r.Status)
		}
		var stored models.User
		a.DB.Gorm.Take(&stored, u.ID)
		if !strings.HasPrefix(stored.Password, "argon2$argon2id$") {
			t.Errorf("the password was not re-hashed: %q", stored.Password)
		}
		if r := apptest.NewClient(t, a).Login("olduser", "lètmein-from-django"); r.Status != http.StatusFound {
			t.Error("the upgraded hash does not log in")
		}
	})
}

func TestPasswordChange(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "marybeth", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("marybeth", goodPassword)
		other := apptest.NewClient(t, a)
		other.Login("marybeth", goodPassword)

		tests := []struct{ old, new1, new2, want string }{
			{"wrong", "fine-passphrase-1", "fine-passphrase-1", "Your old password was entered incorrectly. Please enter it again."},
			{goodPassword, "fine-passphrase-1", "fine-passphrase-2", "The two password fields didn’t match."},
			{goodPassword, "x9$Qw7", "x9$Qw7", "This password is too short. It must contain at least 8 characters."},
			{goodPassword, "password", "password", "This password is too common."},
			{goodPassword, "20260928193746", "20260928193746", "This password is entirely numeric."},
			{goodPassword, "marybeth2026", "marybeth2026", "The password is too similar to the username."},
			{goodPassword, "", "", "This field is required."},
		}
		for _, tt := range tests {
			r := c.Post("/accounts/password_change/", url.Values{"old_password": {tt.old}, "new_password1": {tt.new1}, "new_password2": {tt.new2}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, htmlEscape(tt.want)) {
				t.Errorf("%q/%q: %d, want %q", tt.new1, tt.new2, r.Status, tt.want)
			}
		}
		unicode := "ünïcödé pässphrase 🐎 with spaces and more words"
		r := c.Post("/accounts/password_change/", url.Values{"old_password": {goodPassword}, "new_password1": {unicode}, "new_password2": {unicode}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/accounts/password_change/done/" {
			t.Fatalf("password change: %d %q", r.Status, r.Header.Get("Location"))
		}
		if !strings.Contains(c.Get("/accounts/password_change/done/").Body, "Your password was changed.") {
			t.Error("the session that changed the password should stay logged in")
		}
		if strings.Contains(other.Get("/catalog/").Body, "User: marybeth") {
			t.Error("other sessions should end when the password changes")
		}
		if r := apptest.NewClient(t, a).Login("marybeth", unicode); r.Status != http.StatusFound {
			t.Error("the Unicode passphrase does not log in")
		}
	})
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "'", "&#39;", `"`, "&#34;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func TestDeactivatedUserLosesSessions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		u := apptest.User(t, a.DB.Gorm, "member", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("member", goodPassword)
		if err := a.DB.Gorm.Model(&u).Update("is_active", false).Error; err != nil {
			t.Fatal(err)
		}
		if r := c.Get("/accounts/password_change/"); r.Status != http.StatusFound {
			t.Errorf("a deactivated user's session still works: %d", r.Status)
		}
		if r := apptest.NewClient(t, a).Login("member", goodPassword); r.Status != 200 {
			t.Errorf("a deactivated user logged in: %d", r.Status)
		}
	})
}

func TestSessionAbsoluteLifetime(t *testing.T) {
	cfg := apptest.Config(t, apptest.SQLite)
	cfg.SessionMaxAge = time.Second
	a := apptest.NewApp(t, cfg)
	apptest.User(t, a.DB.Gorm, "member", goodPassword)
	c := apptest.NewClient(t, a)
	c.Login("member", goodPassword)
	if r := c.Get("/accounts/password_change/"); r.Status != 200 {
		t.Fatalf("just logged in: %d", r.Status)
	}
	time.Sleep(2100 * time.Millisecond)
	if r := c.Get("/accounts/password_change/"); r.Status != http.StatusFound {
		t.Errorf("a session past SESSION_MAX_AGE still authenticates: %d", r.Status)
	}
}

func TestLoginThrottling(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.LoginFailures = 3
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
		a := apptest.NewApp(t, cfg)
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		attacker := apptest.NewClient(t, a)
		for i := range 3 {
			// Whatever the client writes in front, the proxy's entry names it.
			attacker.Header = http.Header{"X-Forwarded-For": {fmt.Sprintf("10.9.8.%d, 203.0.113.9", i)}}
			if r := attacker.Login("member", "guess"); r.Status != 200 {
				t.Fatalf("failure %d: %d", i+1, r.Status)
			}
		}
		attacker.Header = http.Header{"X-Forwarded-For": {"198.51.100.99, 203.0.113.9"}}
		r := attacker.Login("member", goodPassword)
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many failed login attempts") || r.Header.Get("Retry-After") == "" {
			t.Errorf("after the limit: %d, want 429 with a clear message", r.Status)
		}
		// The real user, from another address, is not locked out.
		real := apptest.NewClient(t, a)
		real.Header = http.Header{"X-Forwarded-For": {"198.51.100.7"}}
		if r := real.Login("member", goodPassword); r.Status != http.StatusFound {
			t.Errorf("the member from another address: %d", r.Status)
		}
		// The window passes.
		if err := a.DB.Gorm.Model(&models.LoginFailure{}).Where("1 = 1").Update("at", time.Now().Add(-cfg.LoginWindow-time.Minute).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		if r := attacker.Login("member", goodPassword); r.Status != http.StatusFound {
			t.Errorf("after the window: %d", r.Status)
		}
	})
}

func TestNamesIgnoreCaseBeyondASCII(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		apptest.User(t, db, "émile", goodPassword)
		if r := apptest.NewClient(t, a).Login("ÉMILE", goodPassword); r.Status != http.StatusFound {
			t.Errorf("ÉMILE for émile: %d, want a login", r.Status)
		}
		u := models.User{Username: "ÉMILE", Password: auth.Unusable(), IsActive: true}
		if err := models.CreateUser(context.Background(), db, &u); err != models.ErrUserExists {
			t.Errorf("ÉMILE beside émile: %v, want ErrUserExists", err)
		}
		if err := db.Exec("INSERT INTO auth_user (username, password) VALUES ('ÉMILE', '!')").Error; err == nil {
			t.Error("the database accepted ÉMILE beside émile")
		}
		apptest.Genre(t, db, "Épopée")
		if err := db.Create(&models.Genre{Name: "ÉPOPÉE"}).Error; err == nil {
			t.Error("the database accepted the genre ÉPOPÉE beside Épopée")
		}
	})
}
