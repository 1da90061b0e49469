package middleware

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"locallibrary/app/sessions"
)

// CSRF form field and header, as Django names them.
const (
	CSRFField  = "csrfmiddlewaretoken"
	CSRFHeader = "X-CSRFToken"
)

const csrfFailure = "CSRF verification failed. Request aborted."

// CSRF protects every unsafe request with Fiber's double-submit cookie check: the form field (or
// header) must equal the csrftoken cookie, and the token must carry our signature. Tokens are
// checked by signature, so no request writes to the database for them.
func CSRF(secret string, secure bool) fiber.Handler {
	signer := tokenSigner{key: []byte("locallibrary.csrf:" + secret)}
	return csrf.New(csrf.Config{
		CookieName:     sessions.CSRFCookie,
		CookiePath:     "/",
		CookieSecure:   secure,
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		Expiration:     365 * 24 * time.Hour,
		KeyGenerator:   signer.generate,
		Storage:        signer,
		ContextKey:     sessions.CSRFContextKey,
		Extractor: func(c *fiber.Ctx) (string, error) {
			if t := c.FormValue(CSRFField); t != "" {
				return t, nil
			}
			if t := c.Get(CSRFHeader); t != "" {
				return t, nil
			}
			return "", csrf.ErrTokenNotFound
		},
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			return fiber.NewError(fiber.StatusForbidden, csrfFailure)
		},
	})
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
