package handlers

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/auth"
	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// LoginRedirectURL is where a login without ?next= lands (Django's LOGIN_REDIRECT_URL).
const LoginRedirectURL = "/catalog/"

// LoginForm shows the login page (Django's LoginView, GET).
func (h *Handlers) LoginForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": forms.Login{Next: c.Query("next")}})
}

// Login checks the credentials, throttles repeated failures, and on success rotates the session
// and the CSRF token before going to ?next= (same-site paths only).
func (h *Handlers) Login(c *fiber.Ctx) error {
	f := forms.Login{Username: c.FormValue("username"), Password: c.FormValue("password"), Next: c.FormValue("next")}
	if !f.Validate() {
		return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": f})
	}
	ctx, ip, now := c.UserContext(), request.ClientIP(c), time.Now()
	if blocked, err := h.throttled(ctx, f.Username, ip, now); err != nil || blocked {
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(h.Config.LoginWindow.Seconds())))
		return fiber.NewError(fiber.StatusTooManyRequests,
			"Too many failed login attempts. Please wait "+h.Config.LoginWindow.String()+" and try again.")
	}
	u, err := h.authenticate(ctx, f.Username, f.Password)
	if errors.Is(err, errBadCredentials) {
		f.Errors.Add(forms.NonField, forms.LoginFailed)
		f.Password = ""
		return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": f})
	}
	if err != nil {
		return err
	}
	if err := models.ClearLoginFailures(ctx, h.DB, f.Username, ip); err != nil {
		return err
	}
	if err := models.TouchLastLogin(ctx, h.DB, u.ID, now); err != nil {
		return err
	}
	if err := sessions.From(c).Login(u.ID, auth.SessionHash(h.Config.SecretKey, u.Password)); err != nil {
		return err
	}
	if err := request.RotateCSRF(c); err != nil {
		return err
	}
	return c.Redirect(forms.SafeNext(f.Next, LoginRedirectURL), fiber.StatusFound)
}

var errBadCredentials = errors.New("bad credentials")

// throttled counts this attempt against the username from this address and reports whether the
// limit is passed. The attempt is recorded before the password is checked, so parallel guesses
// count too; a successful login clears the pair's record.
func (h *Handlers) throttled(ctx context.Context, username, ip string, now time.Time) (bool, error) {
	since := now.Add(-h.Config.LoginWindow)
	limit := int64(h.Config.LoginFailures)
	over := func() (bool, error) {
		pair, fromAddress, err := models.CountLoginFailures(ctx, h.DB, username, ip, since)
		return pair > limit || fromAddress > 5*limit, err
	}
	if blocked, err := over(); err != nil || blocked {
		return blocked, err
	}
	if err := models.RecordLoginFailure(ctx, h.DB, username, ip, now, since); err != nil {
		return false, err
	}
	return over()
}

// authenticate returns the active user with these credentials, re-hashing a password stored
// with an older scheme (such as Django's pbkdf2_sha256).
func (h *Handlers) authenticate(ctx context.Context, username, password string) (models.User, error) {
	u, err := models.GetUserByUsername(ctx, h.DB, username)
	if errors.Is(err, models.ErrNotFound) {
		auth.WasteTime(password)
		return u, errBadCredentials
	}
	if err != nil {
		return u, err
	}
	ok, upgrade, err := auth.CheckPassword(password, u.Password)
	if err != nil {
		h.Log.Warn("password check failed", "user", u.ID, "err", err)
		return u, errBadCredentials
	}
	if !ok || !u.IsActive {
		return u, errBadCredentials
	}
	if upgrade {
		hash, err := auth.HashPassword(password)
		if err != nil {
			return u, err
		}
		if err := models.SetPasswordHash(ctx, h.DB, u.ID, hash); err != nil {
			return u, err
		}
		u.Password = hash
	}
	return u, nil
}

// Logout ends the session (POST only, as Django's LogoutView) and shows the logged-out page.
func (h *Handlers) Logout(c *fiber.Ctx) error {
	if err := sessions.From(c).Destroy(); err != nil {
		return err
	}
	if err := request.RotateCSRF(c); err != nil {
		return err
	}
	request.SetUser(c, nil, models.Perms{})
	return h.render(c, fiber.StatusOK, "registration/logged_out", Data{"title": "Logged out"})
}
