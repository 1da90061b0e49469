package app_test

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"maps"
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
	"locallibrary/app/forms"
	"locallibrary/app/middleware"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/config"
	"locallibrary/models"
)

const goodPassword = "quiet-lantern-47"

func TestLoginAndNext(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.User(t, a.DB.Gorm, "member", goodPassword)

		c := apptest.NewClient(t, a)
		t.Run("refusals", func(t *testing.T) {
			r := c.Login("member", "wrong password")
			apptest.Status(t, r, 200)
			// The username is kept in the form.
			apptest.Contains(t, r.Body, html.EscapeString(forms.LoginFailed), `value="member"`)
			// An unknown user gets the same message.
			apptest.Contains(t, c.Login("nobody", goodPassword).Body, "didn&#39;t match")
			apptest.Contains(t, c.Post("/accounts/login/", url.Values{"username": {""}, "password": {""}}).Body, "This field is required.")
		})

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
			t.Run("next="+tt.next, func(t *testing.T) {
				c := apptest.NewClient(t, a)
				r := c.Post("/accounts/login/", url.Values{"username": {"MEMBER"}, "password": {goodPassword}, "next": {tt.next}})
				apptest.Redirect(t, r, http.StatusFound, tt.want)
				apptest.Contains(t, c.Get("/catalog/").Body, "User: member")
			})
		}
		t.Run("login page keeps next", func(t *testing.T) {
			apptest.Contains(t, apptest.NewClient(t, a).Get("/accounts/login/?next=/catalog/mybooks/").Body, `name="next" value="/catalog/mybooks/"`)
		})
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
		// The pre-login cookie no longer authenticates.
		apptest.Status(t, stale.Get("/accounts/password_change/"), http.StatusFound)

		t.Run("GET logout", func(t *testing.T) {
			apptest.Status(t, c.Get("/accounts/logout/"), http.StatusMethodNotAllowed)
			if !apptest.Contains(t, c.Get("/catalog/").Body, "User: member") {
				t.Fatal("GET logout logged the user out")
			}
		})
		t.Run("POST logout", func(t *testing.T) {
			r := c.Post("/accounts/logout/", nil)
			apptest.Status(t, r, 200)
			apptest.Contains(t, r.Body, "Logged out!")
			apptest.Excludes(t, r.Body, "User: member")
			// The old cookie no longer authenticates.
			apptest.Status(t, withSession(t, a, after).Get("/accounts/password_change/"), http.StatusFound)
		})
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
			t.Run("anonymous on "+p, func(t *testing.T) {
				apptest.Redirect(t, anon.Get(p), http.StatusFound, "/accounts/login/?next="+url.QueryEscape(p))
			})
		}
		member := apptest.NewClient(t, a)
		member.Login("member", goodPassword)
		t.Run("member", func(t *testing.T) {
			r := member.Get("/test/librarians-only/")
			apptest.Status(t, r, http.StatusForbidden)
			apptest.Contains(t, r.Body, "Permission denied")
			apptest.Status(t, member.Get("/accounts/password_change/"), 200)
		})
		for _, who := range []string{"libby", "admin"} {
			t.Run(who, func(t *testing.T) {
				c := apptest.NewClient(t, a)
				c.Login(who, goodPassword)
				if r := c.Get("/test/librarians-only/"); apptest.Status(t, r, 200) && r.Body != "librarian page" {
					t.Errorf("body %q", r.Body)
				}
			})
		}
		// The sidebar shows the Staff section only to staff with the permissions.
		t.Run("librarian sidebar", func(t *testing.T) {
			libby := apptest.NewClient(t, a)
			libby.Login("libby", goodPassword)
			apptest.Contains(t, libby.Get("/catalog/").Body, "User: libby", "My Borrowed", "Log out", "Staff", `href="/catalog/borrowed/"`, `href="/catalog/stats/"`)
		})
		t.Run("member sidebar", func(t *testing.T) {
			page := member.Get("/catalog/").Body
			apptest.Contains(t, page, "User: member")
			apptest.Excludes(t, page, "Staff", "/catalog/borrowed/", "/catalog/stats/")
		})
		t.Run("anonymous sidebar", func(t *testing.T) {
			page := anon.Get("/catalog/").Body
			apptest.Contains(t, page, `href="/accounts/login/?next=%2fcatalog%2f"`)
			apptest.Excludes(t, page, "Log out")
		})
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
		// A login without a token is refused.
		apptest.Status(t, c.PostForm("/accounts/login/", url.Values{"username": {"member"}, "password": {goodPassword}}), http.StatusForbidden)
		c.Login("member", goodPassword)
		change := url.Values{"old_password": {goodPassword}, "new_password1": {"brand-new-secret-9"}, "new_password2": {"brand-new-secret-9"}}
		for name, token := range map[string]string{"missing": "", "wrong": "abc.def", "issued before login": preLogin} {
			t.Run(name+" token", func(t *testing.T) {
				form := maps.Clone(change)
				if token != "" {
					form.Set("csrfmiddlewaretoken", token)
				}
				r := c.PostForm("/accounts/password_change/", form)
				apptest.Status(t, r, http.StatusForbidden)
				apptest.Contains(t, r.Body, "CSRF verification failed")
			})
		}
		// Replaying the pre-login cookie together with its token does not help either.
		u0, _ := url.Parse("http://example.com/")
		c.Jar.SetCookies(u0, []*http.Cookie{{Name: request.CSRFCookie, Value: preCookie}})
		form := maps.Clone(change)
		form.Set("csrfmiddlewaretoken", preLogin)
		apptest.Status(t, c.PostForm("/accounts/password_change/", form), http.StatusForbidden)
		// Nor does another user's token.
		apptest.User(t, a.DB.Gorm, "mallory", goodPassword)
		mallory := apptest.NewClient(t, a)
		mallory.Login("mallory", goodPassword)
		theirs := mallory.CSRFToken()
		c.Jar.SetCookies(u0, []*http.Cookie{{Name: request.CSRFCookie, Value: mallory.Cookie(request.CSRFCookie)}})
		form.Set("csrfmiddlewaretoken", theirs)
		apptest.Status(t, c.PostForm("/accounts/password_change/", form), http.StatusForbidden)
		var stored models.User
		a.DB.Gorm.Take(&stored, u.ID)
		if stored.Password != u.Password {
			t.Error("a request refused for CSRF changed the password")
		}
		// A logout without a token is refused.
		apptest.Status(t, c.PostForm("/accounts/logout/", url.Values{}), http.StatusForbidden)
		// A refused logout leaves the user logged in.
		apptest.Contains(t, c.Get("/catalog/").Body, "User: member")
		// A token from another site's page, even with a matching cookie, is refused by Origin.
		evil := apptest.NewClient(t, a)
		evil.Jar = c.Jar
		evil.Header = http.Header{"Origin": {"https://evil.example"}}
		apptest.Status(t, evil.Post("/accounts/logout/", nil), http.StatusForbidden)
		// With the current token everything works.
		apptest.Status(t, c.Post("/accounts/password_change/", change), http.StatusSeeOther)
		// A tab left open: its logout form's token was bound to the login, which a logout in
		// another tab ended. Posting it shows the logged-out page, as Django does, not a 403;
		// nobody is logged in to log out.
		stale := url.Values{"csrfmiddlewaretoken": {c.CSRFToken()}}
		apptest.Status(t, c.PostForm("/accounts/logout/", stale), http.StatusOK)
		r := c.PostForm("/accounts/logout/", stale)
		apptest.Status(t, r, http.StatusOK)
		apptest.Contains(t, r.Body, "Logged out")
		// Such a post changes nothing: no cookie is expired or replaced (a cross-site one, sent
		// without the Lax session cookie, must not end the visitor's session).
		if cookies := r.Header.Values("Set-Cookie"); len(cookies) != 0 {
			t.Errorf("a logout with nobody logged in sets cookies: %q", cookies)
		}
		// Logged out, the other forms still need their token.
		apptest.Status(t, c.PostForm("/accounts/login/", url.Values{"username": {"member"}, "password": {goodPassword}}), http.StatusForbidden)
	})
}

var resetLink = regexp.MustCompile(`http://localhost:3000(/accounts/reset/[A-Za-z0-9_-]+/[0-9a-z]+-[0-9a-f]+/)`)

func TestPasswordReset(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.Debug = true // the development log shows reset links in full
		a, logs := apptest.NewAppWithLog(t, cfg)
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
		apptest.Contains(t, c.Post("/accounts/password_reset/", url.Values{"email": {"not an address"}}).Body, "Enter a valid email address.")
		m := resetLink.FindStringSubmatch(logs.String())
		if m == nil {
			t.Fatalf("no reset link in the log:\n%s", logs.String())
		}
		link := m[1]
		if r := c.Get(link); !apptest.Status(t, r, 200) || !apptest.Contains(t, r.Body, "Enter new password") {
			t.FailNow()
		}
		t.Run("weak password", func(t *testing.T) {
			apptest.Contains(t, c.Post(link, url.Values{"new_password1": {"password"}, "new_password2": {"password"}}).Body, "This password is too common.")
		})
		r = c.Post(link, url.Values{"new_password1": {"reset-and-renewed-5"}, "new_password2": {"reset-and-renewed-5"}})
		if !apptest.Redirect(t, r, http.StatusSeeOther, "/accounts/reset/done/") {
			t.FailNow()
		}
		t.Run("new password logs in", func(t *testing.T) {
			apptest.Status(t, apptest.NewClient(t, a).Login("member", "reset-and-renewed-5"), http.StatusFound)
		})
		t.Run("the link works once", func(t *testing.T) {
			apptest.Contains(t, c.Get(link).Body, "The password reset link was invalid")
			r := c.Post(link, url.Values{"new_password1": {"another-new-one-77"}, "new_password2": {"another-new-one-77"}})
			apptest.Contains(t, r.Body, "The password reset link was invalid")
		})
		t.Run("expired link", func(t *testing.T) {
			var fresh models.User
			a.DB.Gorm.Take(&fresh, u.ID)
			old := auth.MakeResetToken(a.Config.SecretKey, auth.TokenUserOf(fresh), time.Now().Add(-a.Config.PasswordResetTimeout-time.Minute))
			apptest.Contains(t, c.Get("/accounts/reset/"+auth.EncodeUID(u.ID)+"/"+old+"/").Body, "The password reset link was invalid")
		})
		t.Run("request log hides the link", func(t *testing.T) {
			seen := 0
			for _, line := range strings.Split(logs.String(), "\n") {
				if strings.Contains(line, `"msg":"request"`) && strings.Contains(line, `"path":"/accounts/reset/`) {
					apptest.Contains(t, line, `"path":"/accounts/reset/:uidb64/:token/"`)
					seen++
				}
			}
			if seen == 0 {
				t.Error("no request for the reset link in the log")
			}
		})
		t.Run("malformed link", func(t *testing.T) {
			r := c.Get("/accounts/reset/!!/1-2/")
			apptest.Status(t, r, 200)
			apptest.Contains(t, r.Body, "invalid")
		})
	})
}

func TestResetLinksAreRedactedInTheLogOutsideDebug(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.EmailBackend = config.EmailLog
		a, logs := apptest.NewAppWithLog(t, cfg)
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		apptest.Status(t, apptest.NewClient(t, a).Post("/accounts/password_reset/", url.Values{"email": {"member@example.com"}}), http.StatusSeeOther)
		apptest.Contains(t, logs.String(), `"msg":"email"`, "/accounts/reset/", "/[redacted]/")
		if resetLink.MatchString(logs.String()) {
			t.Errorf("a live reset link reached the log:\n%s", logs.String())
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
		if !apptest.Status(t, apptest.NewClient(t, a).Login("olduser", "lètmein-from-django"), http.StatusFound) {
			t.FailNow()
		}
		var stored models.User
		a.DB.Gorm.Take(&stored, u.ID)
		if !strings.HasPrefix(stored.Password, "argon2$argon2id$") {
			t.Errorf("the password was not re-hashed: %q", stored.Password)
		}
		// The upgraded hash logs in.
		apptest.Status(t, apptest.NewClient(t, a).Login("olduser", "lètmein-from-django"), http.StatusFound)
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
			t.Run(tt.want, func(t *testing.T) {
				r := c.Post("/accounts/password_change/", url.Values{"old_password": {tt.old}, "new_password1": {tt.new1}, "new_password2": {tt.new2}})
				apptest.Status(t, r, http.StatusUnprocessableEntity)
				apptest.Contains(t, r.Body, html.EscapeString(tt.want))
			})
		}
		unicode := "ünïcödé pässphrase 🐎 with spaces and more words"
		r := c.Post("/accounts/password_change/", url.Values{"old_password": {goodPassword}, "new_password1": {unicode}, "new_password2": {unicode}})
		if !apptest.Redirect(t, r, http.StatusSeeOther, "/accounts/password_change/done/") {
			t.FailNow()
		}
		t.Run("this session stays logged in", func(t *testing.T) {
			apptest.Contains(t, c.Get("/accounts/password_change/done/").Body, "Your password was changed.")
		})
		t.Run("other sessions end", func(t *testing.T) {
			apptest.Excludes(t, other.Get("/catalog/").Body, "User: marybeth")
		})
		t.Run("the Unicode passphrase logs in", func(t *testing.T) {
			apptest.Status(t, apptest.NewClient(t, a).Login("marybeth", unicode), http.StatusFound)
		})
	})
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
		// A deactivated user's session ends, and they cannot log in.
		apptest.Status(t, c.Get("/accounts/password_change/"), http.StatusFound)
		apptest.Status(t, apptest.NewClient(t, a).Login("member", goodPassword), 200)
	})
}

func TestSessionAbsoluteLifetime(t *testing.T) {
	cfg := apptest.Config(t, apptest.SQLite)
	cfg.SessionMaxAge = time.Second
	a := apptest.NewApp(t, cfg)
	apptest.User(t, a.DB.Gorm, "member", goodPassword)
	c := apptest.NewClient(t, a)
	c.Login("member", goodPassword)
	if !apptest.Status(t, c.Get("/accounts/password_change/"), 200) {
		t.FailNow()
	}
	time.Sleep(2100 * time.Millisecond)
	// A session past SESSION_MAX_AGE no longer authenticates.
	apptest.Status(t, c.Get("/accounts/password_change/"), http.StatusFound)
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
			if !apptest.Status(t, attacker.Login("member", "guess"), 200) {
				t.FailNow()
			}
		}
		attacker.Header = http.Header{"X-Forwarded-For": {"198.51.100.99, 203.0.113.9"}}
		r := attacker.Login("member", goodPassword)
		apptest.Status(t, r, http.StatusTooManyRequests)
		apptest.Contains(t, r.Body, "Too many failed login attempts")
		if r.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// The real user, from another address, is not locked out.
		real := apptest.NewClient(t, a)
		real.Header = http.Header{"X-Forwarded-For": {"198.51.100.7"}}
		apptest.Status(t, real.Login("member", goodPassword), http.StatusFound)
		// The window passes.
		if err := a.DB.Gorm.Model(&models.LoginFailure{}).Where("1 = 1").Update("at", time.Now().Add(-cfg.LoginWindow-time.Minute).UTC()).Error; err != nil {
			t.Fatal(err)
		}
		apptest.Status(t, attacker.Login("member", goodPassword), http.StatusFound)
	})
}

func TestLoginThrottlingCountsIPv6By64(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		cfg.LoginFailures = 3
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
		a := apptest.NewApp(t, cfg)
		apptest.User(t, a.DB.Gorm, "member", goodPassword)
		from := func(ip string) *apptest.Client {
			c := apptest.NewClient(t, a)
			c.Header = http.Header{"X-Forwarded-For": {ip}}
			return c
		}
		// Each guess from a fresh address of one /64 network.
		for i := range 3 {
			apptest.Status(t, from(fmt.Sprintf("2001:db8:aa:bb::%x", i+1)).Login("member", "guess"), 200)
		}
		tests := []struct {
			name, ip string
			want     int
		}{
			{"another address of the same /64", "2001:db8:aa:bb:ffff:ffff:ffff:ffff", http.StatusTooManyRequests},
			{"the neighbouring /64", "2001:db8:aa:bc::1", http.StatusFound},
			{"an IPv4 client", "198.51.100.7", http.StatusFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				apptest.Status(t, from(tt.ip).Login("member", goodPassword), tt.want)
			})
		}
	})
}

func TestNamesIgnoreCaseBeyondASCII(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		apptest.User(t, db, "émile", goodPassword)
		// ÉMILE logs in as émile.
		apptest.Status(t, apptest.NewClient(t, a).Login("ÉMILE", goodPassword), http.StatusFound)
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

// The sidebar's login link comes back to the page it was on, but not to an account page: back
// to the logout page would answer 405.
func TestLoginLinkComesBack(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		l := newLibrary(t, dialect)
		apptest.Contains(t, l.anon.Get("/catalog/books/").Body, `<a href="/accounts/login/?next=%2fcatalog%2fbooks%2f">Login</a>`)
		r := l.aliceC.Post("/accounts/logout/", nil)
		apptest.Contains(t, r.Body, `<a href="/accounts/login/">Login</a>`)
		apptest.Excludes(t, r.Body, "next=%2faccounts")
	})
}
