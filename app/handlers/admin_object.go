package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/sessions"
	"locallibrary/models"
)

// adminObjectFromURL loads the object the route's :id names for the current model (404 when
// there is none).
func (h *Handlers) adminObjectFromURL(c *fiber.Ctx, m *ModelAdmin) (adminObject, error) {
	objs, err := m.load(h, c.UserContext(), []string{c.Params("id")})
	if err != nil {
		return adminObject{}, err
	}
	if len(objs) != 1 {
		return adminObject{}, models.ErrNotFound
	}
	return objs[0], nil
}

// HistoryShown is how many of an object's latest changes its history page lists.
const HistoryShown = 100

// AdminHistory lists the change log of one object (Django's history_view), newest first.
func (h *Handlers) AdminHistory(c *fiber.Ctx) error {
	m := adminModelOf(c)
	obj, err := h.adminObjectFromURL(c, m)
	if err != nil {
		return err
	}
	if err := h.adminMayOpen(c, m, obj); err != nil {
		return err
	}
	entries, err := models.ObjectHistory(c.UserContext(), h.DB, m.ContentType(), obj.Key, HistoryShown+1)
	if err != nil {
		return err
	}
	more := len(entries) > HistoryShown
	if more {
		entries = entries[:HistoryShown]
	}
	return h.adminRender(c, fiber.StatusOK, "admin/object_history", m, Data{
		"title": "Change history: " + obj.Repr, "object": obj, "action_list": entries, "more": more, "shown": HistoryShown})
}

// adminMayOpen refuses (403) an object the user may not open although they hold the model's
// permission: a staff account, for a librarian.
func (h *Handlers) adminMayOpen(c *fiber.Ctx, m *ModelAdmin, obj adminObject) error {
	if m.mayOpen == nil {
		return nil
	}
	ok, err := m.mayOpen(h, c, obj)
	if err != nil {
		return err
	}
	if !ok {
		return fiber.ErrForbidden
	}
	return nil
}

// AdminDeleteConfirm asks to confirm deleting the object, or lists what stops it (Django's
// delete_view, GET).
func (h *Handlers) AdminDeleteConfirm(c *fiber.Ctx) error {
	m := adminModelOf(c)
	obj, err := h.adminObjectFromURL(c, m)
	if err != nil {
		return err
	}
	return h.renderAdminDelete(c, fiber.StatusOK, m, obj)
}

// AdminDelete deletes the object with the model's own delete and goes back to the list; an
// object something still refers to stays, and the page says what.
func (h *Handlers) AdminDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	m := adminModelOf(c)
	obj, err := h.adminObjectFromURL(c, m)
	if err != nil {
		return err
	}
	err = models.Atomically(ctx, h.DB, func(tx *gorm.DB) error { return m.remove(ctx, tx, obj, change(c)) })
	if errors.Is(err, models.ErrProtected) {
		return h.renderAdminDelete(c, fiber.StatusConflict, m, obj)
	}
	if err != nil {
		return err
	}
	sessions.From(c).AddFlash("The " + m.Verbose + " “" + obj.Repr + "” was deleted successfully.")
	return h.redirect(c, fiber.StatusSeeOther, m.Route("changelist"))
}

func (h *Handlers) renderAdminDelete(c *fiber.Ctx, status int, m *ModelAdmin, obj adminObject) error {
	blockers, err := h.blockersOf(c, m, []adminObject{obj})
	if err != nil {
		return err
	}
	return h.adminRender(c, status, "admin/delete_confirmation", m, Data{
		"title": "Delete " + m.Verbose + ": " + obj.Repr, "object": obj, "blockers": blockers})
}
