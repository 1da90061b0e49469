package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// AdminGroupForm shows the group form (a name, and permissions by their Django names): empty on
// the add page, the group's on its change page.
func (h *Handlers) AdminGroupForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminGroup(c, fiber.StatusOK, nil, forms.Group{})
	}
	g, err := h.group(c)
	if err != nil {
		return err
	}
	return h.renderAdminGroup(c, fiber.StatusOK, &g, forms.InitialGroup(g))
}

// AdminGroupSave saves the group form of the add or change page.
func (h *Handlers) AdminGroupSave(c *fiber.Ctx) error {
	ctx := c.UserContext()
	adding := adminAdding(c)
	var g models.Group
	if !adding {
		var err error
		if g, err = h.group(c); err != nil {
			return err
		}
	}
	f := forms.NewGroup(c)
	if f.Validate() {
		found, err := models.ExistingPermissions(ctx, h.DB, f.PermissionIDs())
		if err != nil {
			return err
		}
		f.UnknownPermissions(found)
	}
	again := func(status int) error {
		if adding {
			return h.renderAdminGroup(c, status, nil, f)
		}
		return h.renderAdminGroup(c, status, &g, f)
	}
	if f.Errors.Any() {
		return again(fiber.StatusUnprocessableEntity)
	}
	edited := f.Group(g.ID)
	var err error
	if adding {
		err = models.CreateGroup(ctx, h.DB, &edited, f.PermissionIDs(), change(c))
	} else {
		err = models.UpdateGroup(ctx, h.DB, edited, f.PermissionIDs(), change(c, f.Changed(g)...))
	}
	switch {
	case errors.Is(err, models.ErrDuplicate):
		f.NameTaken()
		return again(fiber.StatusUnprocessableEntity)
	case errors.Is(err, models.ErrInvalidChoice):
		f.Errors.Add("permissions", forms.InvalidChoice)
		return again(fiber.StatusUnprocessableEntity)
	case errors.Is(err, models.ErrStale):
		current, err := h.group(c)
		if err != nil {
			return err
		}
		g = current
		f.ChangedMeanwhile(current)
		return again(fiber.StatusConflict)
	case err != nil:
		return err
	}
	return h.adminSaved(c, adminModels["group"], adminObject{Key: key(edited.ID), Repr: edited.Name}, adding)
}

func (h *Handlers) renderAdminGroup(c *fiber.Ctx, status int, g *models.Group, f forms.Group) error {
	perms, err := models.AllPermissions(c.UserContext(), h.DB)
	if err != nil {
		return err
	}
	var original *adminObject
	if g != nil {
		original = &adminObject{Key: key(g.ID), Repr: g.Name}
	}
	return h.renderAdminForm(c, status, adminModels["group"], original, Data{"form": f, "permissions": perms})
}

// group loads the group the URL's :id names, with its permissions.
func (h *Handlers) group(c *fiber.Ctx) (models.Group, error) {
	id, err := request.ID(c, "id")
	if err != nil {
		return models.Group{}, err
	}
	return models.GetGroup(c.UserContext(), h.DB, id)
}
