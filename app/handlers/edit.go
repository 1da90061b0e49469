package handlers

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// change is what the change log records of an edit by this request's user: who, and which
// fields changed.
func change(c *fiber.Ctx, fields ...string) models.Change {
	ch := models.Change{Fields: fields}
	if u := request.User(c); u != nil {
		ch.UserID = u.ID
	}
	return ch
}

// saved queues msg and sends the browser on to the route name (an object's page, or a list
// after a delete), as Django's SuccessMessageMixin and success_url.
func (h *Handlers) saved(c *fiber.Ctx, msg, name string, args ...any) error {
	sessions.From(c).AddFlash(msg)
	return h.redirect(c, fiber.StatusSeeOther, name, args...)
}

// lastChange adds the newest change log entry of an object to a detail page's data, for staff
// only: "Last changed by libby on ...".
func (h *Handlers) lastChange(c *fiber.Ctx, data Data, contentType, objectID string) error {
	if u := request.User(c); u == nil || !u.IsStaff {
		return nil
	}
	e, err := models.LastChange(c.UserContext(), h.DB, contentType, objectID)
	if err != nil {
		return err
	}
	data["last_change"] = e
	return nil
}

// blocking adds to a delete page's data the first rows that stop the delete (under key) and how
// many more there are.
func blocking[T any](data Data, key string, rows []T, page models.Page) {
	data[key] = rows
	data["more"] = page.Count - int64(len(rows))
}
