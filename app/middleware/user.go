// Package middleware holds the request steps shared by many routes: request logs, the current
// user, login and permission checks, CSRF and security headers.
package middleware

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/auth"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/app/urls"
	"locallibrary/models"
)

// LoadUser reads the session's user once per request. A session whose user was deleted or
// deactivated, or changed their password elsewhere, is ended here.
func LoadUser(db *gorm.DB, secret string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		sess := sessions.From(c)
		id := sess.UserID()
		if id == 0 {
			return c.Next()
		}
		ctx := c.UserContext()
		u, err := models.GetUser(ctx, db, id)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		if err != nil || !u.IsActive ||
			subtle.ConstantTimeCompare([]byte(sess.AuthHash()), []byte(auth.SessionHash(secret, u.Password))) != 1 {
			if err := sess.Destroy(); err != nil {
				return fmt.Errorf("end session of user %d: %w", id, err)
			}
			return c.Next()
		}
		perms, err := models.UserPerms(ctx, db, u)
		if err != nil {
			return err
		}
		request.SetUser(c, &u, perms)
		return c.Next()
	}
}

// LoginURL names the route RequireLogin sends anonymous visitors to (Django's LOGIN_URL).
const LoginURL = "login"

// RequireLogin sends an anonymous visitor to the login page with ?next= set to this page.
func RequireLogin(urls *urls.Reverser) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if request.User(c) == nil {
			return redirectToLogin(c, urls)
		}
		return c.Next()
	}
}

// RequirePermission lets through users holding perm (models.PermMarkReturned,
// models.ModelPerm("add", "author")); anonymous visitors go to the login page, others get the
// 403 page.
func RequirePermission(urls *urls.Reverser, perm string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if request.User(c) == nil {
			return redirectToLogin(c, urls)
		}
		if !request.Perms(c).Has(perm) {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

// RequireStaff lets staff through, as the Django admin site's has_permission (the user is
// active, which LoadUser ensures, and is_staff): anonymous visitors go to the login page, others
// get the 403 page. Each admin page checks the model permission it needs besides.
func RequireStaff(urls *urls.Reverser) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := request.User(c)
		if u == nil {
			return redirectToLogin(c, urls)
		}
		if !u.IsStaff {
			return fiber.ErrForbidden
		}
		return c.Next()
	}
}

func redirectToLogin(c *fiber.Ctx, urls *urls.Reverser) error {
	login, err := urls.Reverse(LoginURL)
	if err != nil {
		return err
	}
	next := string(c.Request().URI().RequestURI())
	return c.Redirect(login+"?next="+url.QueryEscape(next), fiber.StatusFound)
}
