// Package request holds the per-request state that is not the session — the current user and
// their permissions, the CSRF form token, the client's address — and reads URL parameters.
package request

import (
	"github.com/gofiber/fiber/v2"

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
