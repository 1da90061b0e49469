package sessions

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"locallibrary/models"
)

type userKey struct{}

type current struct {
	user  *models.User
	perms models.Perms
}

// SetUser records the logged-in user of this request (the load-user middleware calls it).
func SetUser(c *fiber.Ctx, u *models.User, perms models.Perms) {
	c.Locals(userKey{}, current{user: u, perms: perms})
}

// User returns the logged-in user of this request, or nil for an anonymous visitor.
func User(c *fiber.Ctx) *models.User {
	cur, _ := c.Locals(userKey{}).(current)
	return cur.user
}

// Perms returns the permissions of this request's user (none when anonymous).
func Perms(c *fiber.Ctx) models.Perms {
	cur, _ := c.Locals(userKey{}).(current)
	return cur.perms
}

// CSRFCookie is the CSRF cookie, named as Django names it.
const CSRFCookie = "csrftoken"

// RotateCSRF expires the CSRF cookie at login and logout, so that the next page gets a new one.
func RotateCSRF(c *fiber.Ctx) error {
	if h, ok := c.Locals("fiber.csrf.handler").(*csrf.CSRFHandler); ok && c.Cookies(CSRFCookie) != "" {
		return h.DeleteToken(c)
	}
	return nil
}

// CSRFContextKey is where the CSRF middleware leaves the token for the forms of the page.
const CSRFContextKey = "csrf_token"

// CSRFToken returns the token to put in this request's forms.
func CSRFToken(c *fiber.Ctx) string {
	t, _ := c.Locals(CSRFContextKey).(string)
	return t
}

type clientIPKey struct{}

// SetClientIP records the client's address (the client-IP middleware calls it).
func SetClientIP(c *fiber.Ctx, ip string) { c.Locals(clientIPKey{}, ip) }

// ClientIP returns the client's address as the client-IP middleware worked it out, or the
// connection's peer when it has not run.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(clientIPKey{}).(string); ok {
		return ip
	}
	return c.Context().RemoteIP().String()
}
