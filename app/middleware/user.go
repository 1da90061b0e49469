// Package middleware holds the request steps shared by many routes: request logs, the current
// user, login and permission checks, security headers.
package middleware

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/sessions"
	"locallibrary/models"
)

// LoadUser reads the session's user once per request. A user who was deleted or deactivated
// since logging in has their session ended here.
func LoadUser(db *gorm.DB) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess := sessions.From(c)
		id := sess.UserID()
		if id == 0 {
			return c.Next()
		}
		ctx := c.UserContext()
		u, err := models.GetUser(ctx, db, id)
		if errors.Is(err, models.ErrNotFound) || (err == nil && !u.IsActive) {
			if err := sess.Destroy(); err != nil {
				return fmt.Errorf("end session of user %d: %w", id, err)
			}
			return c.Next()
		}
		if err != nil {
			return err
		}
		perms, err := models.UserPerms(ctx, db, u)
		if err != nil {
			return err
		}
		sessions.SetUser(c, &u, perms)
		return c.Next()
	}
}
