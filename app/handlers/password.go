package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/auth"
	"locallibrary/app/forms"
	"locallibrary/app/mail"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// PasswordChangeForm shows the change form (Django's PasswordChangeView, GET).
func (h *Handlers) PasswordChangeForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/password_change_form", Data{"title": "Password change", "form": forms.PasswordChange{}})
}

// PasswordChange sets a new password for the logged-in user, who stays logged in here while
// their other sessions end.
func (h *Handlers) PasswordChange(c *fiber.Ctx) error {
	u := request.User(c)
	f := forms.NewPasswordChange(c)
	checkOld := func(old string) bool {
		ok, _, err := auth.CheckPassword(old, u.Password)
		return err == nil && ok
	}
	if !f.Validate(auth.AttributesOf(*u), checkOld) {
		return h.render(c, fiber.StatusUnprocessableEntity, "registration/password_change_form", Data{"title": "Password change", "form": f})
	}
	hash, err := auth.HashPassword(f.NewPassword1)
	if err != nil {
		return err
	}
	if err := models.SetPasswordHash(c.UserContext(), h.DB, u.ID, hash); err != nil {
		return err
	}
	sessions.From(c).SetAuthHash(auth.SessionHash(h.Config.SecretKey, hash))
	return h.redirect(c, fiber.StatusSeeOther, "password_change_done")
}

// PasswordChangeDone confirms the change.
func (h *Handlers) PasswordChangeDone(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/password_change_done", Data{"title": "Password change successful"})
}

// PasswordResetForm asks for the e-mail address (Django's PasswordResetView, GET).
func (h *Handlers) PasswordResetForm(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/password_reset_form", Data{"title": "Password reset", "form": forms.PasswordReset{}})
}

// PasswordReset e-mails a reset link to every active account with that address. The answer is
// the same whether or not the address is registered.
func (h *Handlers) PasswordReset(c *fiber.Ctx) error {
	f := forms.NewPasswordReset(c)
	if !f.Validate() {
		return h.render(c, fiber.StatusUnprocessableEntity, "registration/password_reset_form", Data{"title": "Password reset", "form": f})
	}
	ctx := c.UserContext()
	users, err := models.ActiveUsersByEmail(ctx, h.DB, f.Email)
	if err != nil {
		return err
	}
	for _, u := range users {
		if !auth.Usable(u.Password) {
			continue
		}
		token := auth.MakeResetToken(h.Config.SecretKey, auth.TokenUserOf(u), time.Now())
		body, err := h.Views.Text("registration/password_reset_email", Data{
			"user": u, "base_url": h.Config.BaseURL, "uid": auth.EncodeUID(u.ID), "token": token})
		if err != nil {
			return err
		}
		msg := mail.Message{To: u.Email, Subject: "Password reset on LocalLibrary", Body: body, Secrets: []string{token}}
		if err := h.Mail.Send(ctx, msg); err != nil {
			h.Log.Error("password reset e-mail", "user", u.ID, "err", err)
		}
	}
	return h.redirect(c, fiber.StatusSeeOther, "password_reset_done")
}

// PasswordResetDone says the e-mail is on its way.
func (h *Handlers) PasswordResetDone(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/password_reset_done", Data{"title": "Password reset sent"})
}

var errBadResetLink = errors.New("invalid reset link")

// resetUser returns the user a reset link was made for, if the link is still valid.
func (h *Handlers) resetUser(c *fiber.Ctx) (models.User, error) {
	id, ok := auth.DecodeUID(c.Params("uidb64"))
	if !ok {
		return models.User{}, errBadResetLink
	}
	u, err := models.GetUser(c.UserContext(), h.DB, id)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !u.IsActive) {
		return u, errBadResetLink
	}
	if err != nil {
		return u, err
	}
	if !auth.CheckResetToken(h.Config.SecretKey, auth.TokenUserOf(u), c.Params("token"), time.Now(), h.Config.PasswordResetTimeout) {
		return u, errBadResetLink
	}
	return u, nil
}

// PasswordResetConfirmForm shows the new-password form for a valid link, or says the link is
// invalid (Django's PasswordResetConfirmView, GET).
func (h *Handlers) PasswordResetConfirmForm(c *fiber.Ctx) error {
	_, err := h.resetUser(c)
	if err != nil && !errors.Is(err, errBadResetLink) {
		return err
	}
	return h.render(c, fiber.StatusOK, "registration/password_reset_confirm", Data{
		"title": "Enter new password", "validlink": err == nil, "form": forms.SetPassword{}})
}

// PasswordResetConfirm sets the new password; the link then stops working, since the token
// covers the old password hash.
func (h *Handlers) PasswordResetConfirm(c *fiber.Ctx) error {
	u, err := h.resetUser(c)
	if errors.Is(err, errBadResetLink) {
		return h.render(c, fiber.StatusOK, "registration/password_reset_confirm", Data{"title": "Password reset unsuccessful", "validlink": false})
	}
	if err != nil {
		return err
	}
	f := forms.NewSetPassword(c)
	if !f.Validate(auth.AttributesOf(u)) {
		return h.render(c, fiber.StatusUnprocessableEntity, "registration/password_reset_confirm", Data{"title": "Enter new password", "validlink": true, "form": f})
	}
	hash, err := auth.HashPassword(f.NewPassword1)
	if err != nil {
		return err
	}
	if err := models.SetPasswordHash(c.UserContext(), h.DB, u.ID, hash); err != nil {
		return err
	}
	return h.redirect(c, fiber.StatusSeeOther, "password_reset_complete")
}

// PasswordResetComplete says the password was set.
func (h *Handlers) PasswordResetComplete(c *fiber.Ctx) error {
	return h.render(c, fiber.StatusOK, "registration/password_reset_complete", Data{"title": "Password reset complete"})
}
