package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/auth"
	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// The admin's user pages. Holders of auth.add_user and auth.change_user (librarians) create and
// edit members; only superusers see staff accounts' pages, and set the staff and superuser
// flags and the groups (models.CanManageUser): anything else is 403.

// AdminUserForm shows the add-user form (username, names, e-mail, password twice), or an
// account's change form.
func (h *Handlers) AdminUserForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminUserAdd(c, fiber.StatusOK, forms.UserCreation{})
	}
	u, err := h.managedUser(c)
	if err != nil {
		return err
	}
	return h.renderAdminUser(c, fiber.StatusOK, u, forms.InitialUserChange(u))
}

// AdminUserSave creates an account with the password validators of createuser, or saves an
// account's change form.
func (h *Handlers) AdminUserSave(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.adminUserAdd(c)
	}
	ctx := c.UserContext()
	actor := *request.User(c)
	target, err := h.managedUser(c)
	if err != nil {
		return err
	}
	f := forms.NewUserChange(c)
	if f.Privileged() && !actor.IsSuperuser {
		return fiber.ErrForbidden
	}
	if f.Validate(actor, target); actor.IsSuperuser {
		found, err := models.ExistingGroups(ctx, h.DB, f.GroupIDs())
		if err != nil {
			return err
		}
		f.UnknownGroups(found)
	}
	if f.Errors.Any() {
		return h.renderAdminUser(c, fiber.StatusUnprocessableEntity, target, f)
	}
	edit := f.Edit(target, actor.IsSuperuser)
	err = models.UpdateUser(ctx, h.DB, edit, change(c, f.Changed(target, edit)...))
	if errors.Is(err, models.ErrInvalidChoice) {
		f.Errors.Add("groups", forms.InvalidChoice)
		return h.renderAdminUser(c, fiber.StatusUnprocessableEntity, target, f)
	}
	if errors.Is(err, models.ErrStale) {
		current, err := h.managedUser(c)
		if err != nil {
			return err
		}
		f.ChangedMeanwhile(current)
		return h.renderAdminUser(c, fiber.StatusConflict, current, f)
	}
	if err != nil {
		return err
	}
	return h.adminSaved(c, adminModels["user"], adminObject{Key: key(target.ID), Repr: target.Username}, false)
}

func (h *Handlers) adminUserAdd(c *fiber.Ctx) error {
	ctx := c.UserContext()
	f := forms.NewUserCreation(c)
	if f.Privileged() && !request.User(c).IsSuperuser {
		return fiber.ErrForbidden
	}
	if !f.Validate() {
		return h.renderAdminUserAdd(c, fiber.StatusUnprocessableEntity, f)
	}
	u := f.User()
	hash, err := auth.HashPassword(f.Password1)
	if err != nil {
		return err
	}
	u.Password = hash
	err = models.AddUser(ctx, h.DB, &u, change(c))
	if errors.Is(err, models.ErrUserExists) {
		f.UsernameTaken()
		return h.renderAdminUserAdd(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	m, obj := adminModels["user"], adminObject{Key: key(u.ID), Repr: u.Username}
	if forms.NewAfterSave(c) == forms.ToAddAnother {
		return h.adminSaved(c, m, obj, true)
	}
	// As Django's UserAdmin: a new account goes on to its change page, for the rest of it.
	sessions.From(c).AddFlash("The user “" + u.Username + "” was added successfully. You may edit it again below.")
	return h.redirect(c, fiber.StatusSeeOther, m.Route("change"), obj.Key)
}

func (h *Handlers) renderAdminUserAdd(c *fiber.Ctx, status int, f forms.UserCreation) error {
	f.Password1, f.Password2 = "", ""
	return h.adminRender(c, status, "admin/auth/user/add_form", adminModels["user"], Data{"title": "Add user", "form": f})
}

func (h *Handlers) renderAdminUser(c *fiber.Ctx, status int, u models.User, f forms.UserChange) error {
	data := Data{"form": f, "account": u, "can_set_flags": request.User(c).IsSuperuser}
	if request.User(c).IsSuperuser {
		groups, err := models.GroupOptions(c.UserContext(), h.DB)
		if err != nil {
			return err
		}
		data["groups"] = groups
	}
	return h.renderAdminForm(c, status, adminModels["user"], &adminObject{Key: key(u.ID), Repr: u.Username}, data)
}

// managedUser loads the account the URL's :id names, with its groups, if the user may manage it
// (403 otherwise).
func (h *Handlers) managedUser(c *fiber.Ctx) (models.User, error) {
	m := adminModels["user"]
	obj, err := h.adminObjectFromURL(c, m)
	if err != nil {
		return models.User{}, err
	}
	if err := h.adminMayOpen(c, m, obj); err != nil {
		return models.User{}, err
	}
	return models.GetUserWithGroups(c.UserContext(), h.DB, parseIDs([]string{obj.Key})[0])
}

// AdminUserPasswordForm shows the form setting an account's password (Django's
// user_change_password).
func (h *Handlers) AdminUserPasswordForm(c *fiber.Ctx) error {
	u, err := h.managedUser(c)
	if err != nil {
		return err
	}
	return h.renderAdminPassword(c, fiber.StatusOK, u, forms.SetPassword{})
}

// AdminUserPassword sets an account's password, with the validators of every password form.
// The account's sessions end at their next request; when it is the user's own, this one stays.
func (h *Handlers) AdminUserPassword(c *fiber.Ctx) error {
	u, err := h.managedUser(c)
	if err != nil {
		return err
	}
	f := forms.NewSetPassword(c)
	if !f.Validate(auth.AttributesOf(u)) {
		return h.renderAdminPassword(c, fiber.StatusUnprocessableEntity, u, f)
	}
	hash, err := auth.HashPassword(f.NewPassword1)
	if err != nil {
		return err
	}
	if err := models.SetUserPassword(c.UserContext(), h.DB, u, hash, change(c)); err != nil {
		return err
	}
	if u.ID == request.User(c).ID {
		sessions.From(c).SetAuthHash(auth.SessionHash(h.Config.SecretKey, hash))
	}
	sessions.From(c).AddFlash("Password changed successfully.")
	return h.redirect(c, fiber.StatusSeeOther, adminModels["user"].Route("change"), key(u.ID))
}

func (h *Handlers) renderAdminPassword(c *fiber.Ctx, status int, u models.User, f forms.SetPassword) error {
	return h.adminRender(c, status, "admin/auth/user/change_password", adminModels["user"], Data{
		"title": "Change password: " + u.Username, "account": u, "form": f})
}
