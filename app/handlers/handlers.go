// Package handlers holds LocalLibrary's views, one file per group of Django views.
package handlers

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/auth"
	"locallibrary/app/mail"
	"locallibrary/app/render"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/app/urls"
	"locallibrary/config"
	"locallibrary/models"
)

// Handlers holds what the views need; app.New builds it once.
type Handlers struct {
	DB    *gorm.DB
	Views *render.Renderer
	// URLs reverses route names: h.redirect uses it, as templates' url does.
	URLs   *urls.Reverser
	Log    *slog.Logger
	Config config.Config
	Mail   mail.Sender
	// Auth checks credentials at login, with throttling.
	Auth auth.Authenticator
	// Ready reports whether the database answers (for /readyz).
	Ready func(c *fiber.Ctx) error
}

// Data is a template context, as Django's context dict.
type Data = map[string]any

// render writes template name wrapped in the layout, with the data every page needs: the user,
// their permissions, the CSRF token, queued messages and the request path.
func (h *Handlers) render(c *fiber.Ctx, status int, name string, data Data) error {
	if data == nil {
		data = Data{}
	}
	h.common(c, data)
	if s, ok := sessions.Lookup(c); ok && status < http.StatusBadRequest {
		data["messages"] = s.Flashes()
	}
	// Page writes nothing unless the whole page rendered, so a failure leaves the body empty
	// for the error page.
	if err := h.Views.Page(c.Response().BodyWriter(), name, data); err != nil {
		return err
	}
	c.Status(status).Type("html", "utf-8")
	return nil
}

func (h *Handlers) common(c *fiber.Ctx, data Data) {
	data["user"] = request.User(c)
	data["perms"] = request.Perms(c)
	data["csrf_token"] = request.CSRFToken(c)
	data["path"] = c.Path()
	// The login link brings the visitor back to the page they were on, except from the account
	// pages themselves: back to the logout page, say, would answer 405.
	if !strings.HasPrefix(c.Path(), "/accounts/") {
		data["login_next"] = c.Path()
	}
}

// redirect sends the browser to the route called name, its parameters filled with args.
func (h *Handlers) redirect(c *fiber.Ctx, status int, name string, args ...any) error {
	to, err := h.URLs.Reverse(name, args...)
	if err != nil {
		return err
	}
	return c.Redirect(to, status)
}

// RedirectIndex sends / to the catalog home page, permanently, as the Django project's RedirectView.
func (h *Handlers) RedirectIndex(c *fiber.Ctx) error {
	return h.redirect(c, fiber.StatusMovedPermanently, "index")
}

// Healthz answers while the process is up.
func (h *Handlers) Healthz(c *fiber.Ctx) error {
	return c.SendString("ok")
}

// Readyz answers 200 when the database does, 503 otherwise.
func (h *Handlers) Readyz(c *fiber.Ctx) error {
	if err := h.Ready(c); err != nil {
		request.SetFailure(c, err)
		c.Set(fiber.HeaderRetryAfter, RetryAfter)
		return c.Status(fiber.StatusServiceUnavailable).SendString("database unavailable")
	}
	return c.SendString("ok")
}

// listParams reads ?page= and keeps the other query parameters for the pagination links.
func listParams(c *fiber.Ctx) models.ListParams {
	q, _ := url.ParseQuery(string(c.Context().URI().QueryString()))
	return models.ListParams{Page: q.Get("page"), Query: q}
}
