package request

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
)

// CSRFCookie is the CSRF cookie, named as Django names it.
const CSRFCookie = "csrftoken"

// Where Fiber's CSRF middleware leaves its values (its Config.ContextKey and HandlerContextKey):
// the middleware is configured with these, and the readers below use them.
const (
	CSRFContextKey        = "locallibrary.csrf.cookie_token"
	CSRFHandlerContextKey = "locallibrary.csrf.handler"
)

type formTokenKey struct{}

// CookieCSRFToken returns the csrftoken cookie's value as the CSRF middleware checked or issued it.
func CookieCSRFToken(c *fiber.Ctx) (string, bool) {
	t, ok := c.Locals(CSRFContextKey).(string)
	return t, ok
}

// SetCSRFToken records the token this request's forms carry (the cookie's, bound to the user).
func SetCSRFToken(c *fiber.Ctx, token string) { c.Locals(formTokenKey{}, token) }

// CSRFToken returns the token to put in this request's forms.
func CSRFToken(c *fiber.Ctx) string {
	t, _ := c.Locals(formTokenKey{}).(string)
	return t
}

// RotateCSRF expires the CSRF cookie at login and logout, so that the next page gets a new one.
func RotateCSRF(c *fiber.Ctx) error {
	if h, ok := c.Locals(CSRFHandlerContextKey).(*csrf.CSRFHandler); ok && c.Cookies(CSRFCookie) != "" {
		return h.DeleteToken(c)
	}
	return nil
}
