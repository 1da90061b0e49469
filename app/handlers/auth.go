package handlers

import (
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

// LoginRedirectURL names the route a login without ?next= lands on (Django's LOGIN_REDIRECT_URL).
const LoginRedirectURL = "index"

// LoginForm shows the login page (Django's LoginView, GET).
func (h *Handlers) LoginForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": forms.InitialLogin(c)})
}

// Login checks the credentials and on success rotates the session and the CSRF token before
// going to ?next= (same-site paths only).
func (h *Handlers) Login(c *fiber.Ctx) error {
	f := forms.NewLogin(c)
	if !f.Validate() {
		return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": f})
	}
	u, err := h.Auth.Authenticate(c.UserContext(), f.Username, f.Password, request.ClientIP(c), time.Now())
	var throttled *auth.ThrottledError
	switch {
	case errors.As(err, &throttled):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(throttled.RetryAfter.Seconds())))
		return fiber.NewError(fiber.StatusTooManyRequests,
			"Too many failed login attempts. Please wait "+throttled.RetryAfter.String()+" and try again.")
	case errors.Is(err, auth.ErrInvalidCredentials):
		f.Failed()
		return h.render(c, fiber.StatusOK, "registration/login", Data{"title": "Log in", "form": f})
	case err != nil:
		return err
	}
	if err := sessions.From(c).Login(u.ID, auth.SessionHash(h.Config.SecretKey, u.Password)); err != nil {
		return err
	}
	if err := request.RotateCSRF(c); err != nil {
		return err
	}
	home, err := h.URLs.Reverse(LoginRedirectURL)
	if err != nil {
		return err
	}
	return c.Redirect(forms.SafeNext(f.Next, home), fiber.StatusFound)
}

// Logout ends the session (POST only, as Django's LogoutView) and shows the logged-out page.
func (h *Handlers) Logout(c *fiber.Ctx) error {
	// With nobody logged in there is nothing to end, and nothing is touched: such a post skips
	// the CSRF check, and a cross-site one arrives without the Lax session cookie, so ending "its"
	// session would only expire the visitor's real cookie.
	if request.User(c) != nil {
		if err := sessions.From(c).Destroy(); err != nil {
			return err
		}
		if err := request.RotateCSRF(c); err != nil {
			return err
		}
		request.SetUser(c, nil, models.Perms{})
	}
	return h.render(c, fiber.StatusOK, "registration/logged_out", Data{"title": "Logged out"})
}
