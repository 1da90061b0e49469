package middleware

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"locallibrary/app/request"
	"locallibrary/app/sessions"
)

// CSRF form field and header, as Django names them.
const (
	CSRFField  = "csrfmiddlewaretoken"
	CSRFHeader = "X-CSRFToken"
)

const csrfFailure = "CSRF verification failed. Request aborted."

// CSRF protects every unsafe request with Fiber's double-submit cookie check, and returns it with
// the step after it that gives the page its form token.
//
// The csrftoken cookie holds a random value with our signature (checked by signature: no
// request writes to the database for it). Forms carry that value bound to the current user and
// password by an HMAC, so a token issued before a login (or to another user) is refused after it
// even when the old cookie is replayed.
//
// A logout posted by nobody logged in (the form of a tab left open after logging out in
// another, or after the session ended) is let through without a check, as Django lets it: there
// is no login for a forged logout to end, and the form's token was bound to the login gone.
func CSRF(secret string, secure bool, logoutPath string) []fiber.Handler {
	signer := tokenSigner{key: []byte("locallibrary.csrf:" + secret)}
	check := csrf.New(csrf.Config{
		Next: func(c *fiber.Ctx) bool {
			return c.Method() == fiber.MethodPost && c.Path() == logoutPath && request.User(c) == nil
		},
		CookieName:        request.CSRFCookie,
		CookiePath:        "/",
		CookieSecure:      secure,
		CookieHTTPOnly:    true,
		CookieSameSite:    "Lax",
		Expiration:        365 * 24 * time.Hour,
		KeyGenerator:      signer.generate,
		Storage:           signer,
		ContextKey:        request.CSRFContextKey,
		HandlerContextKey: request.CSRFHandlerContextKey,
		Extractor: func(c *fiber.Ctx) (string, error) {
			bound := c.FormValue(CSRFField)
			if bound == "" {
				bound = c.Get(CSRFHeader)
			}
			raw, mac, ok := strings.Cut(bound, "~")
			if !ok || !hmac.Equal([]byte(mac), []byte(signer.bind(raw, binding(c)))) {
				return "", csrf.ErrTokenInvalid
			}
			return raw, nil
		},
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			return fiber.NewError(fiber.StatusForbidden, csrfFailure)
		},
	})
	give := func(c *fiber.Ctx) error {
		if raw, ok := request.CookieCSRFToken(c); ok {
			request.SetCSRFToken(c, raw+"~"+signer.bind(raw, binding(c)))
		}
		return c.Next()
	}
	return []fiber.Handler{check, give}
}

// binding names who the form token is for: the user and their password, or nobody.
func binding(c *fiber.Ctx) string {
	u := request.User(c)
	if u == nil {
		return "anonymous"
	}
	return strconv.FormatInt(u.ID, 10) + ":" + sessions.From(c).AuthHash()
}

// CheckOrigin refuses an unsafe request whose Origin header names another site.
func CheckOrigin(c *fiber.Ctx) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return c.Next()
	}
	origin := c.Get(fiber.HeaderOrigin)
	if origin == "" {
		return c.Next()
	}
	u, err := url.Parse(origin)
	if err != nil || u.Scheme != c.Protocol() || !strings.EqualFold(u.Host, c.Hostname()) {
		return fiber.NewError(fiber.StatusForbidden, csrfFailure+" (Origin checking failed.)")
	}
	return c.Next()
}

// tokenSigner makes and checks CSRF tokens "random.signature" statelessly; as a fiber.Storage it
// only answers whether a token is ours.
type tokenSigner struct {
	key []byte
}

var valid = []byte{1}

func (s tokenSigner) generate() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	r := base64.RawURLEncoding.EncodeToString(b)
	return r + "." + s.sign(r)
}

func (s tokenSigner) bind(raw, who string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte("bind|" + raw + "|" + who))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
}

func (s tokenSigner) sign(r string) string {
	mac := hmac.New(sha256.New, s.key)
	mac.Write([]byte(r))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:18])
}

// Get returns a non-nil value when key is a token we signed.
func (s tokenSigner) Get(key string) ([]byte, error) {
	r, sig, ok := strings.Cut(key, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign(r))) {
		return nil, nil
	}
	return valid, nil
}

// Set does nothing: tokens are not stored.
func (tokenSigner) Set(string, []byte, time.Duration) error { return nil }

// Delete does nothing: tokens are not stored.
func (tokenSigner) Delete(string) error { return nil }

// Reset does nothing: tokens are not stored.
func (tokenSigner) Reset() error { return nil }

// Close does nothing.
func (tokenSigner) Close() error { return nil }
