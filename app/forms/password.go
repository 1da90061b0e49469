package forms

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/auth"
)

// Django's password form messages.
const (
	PasswordMismatch = "The two password fields didn’t match."
	OldPasswordWrong = "Your old password was entered incorrectly. Please enter it again."
)

// SetPassword is Django's SetPasswordForm: a new password typed twice, checked by the validators.
type SetPassword struct {
	NewPassword1, NewPassword2 string
	Errors                     Errors
}

// NewSetPassword reads the submitted new-password form.
func NewSetPassword(c *fiber.Ctx) SetPassword {
	return SetPassword{NewPassword1: value(c, "new_password1"), NewPassword2: value(c, "new_password2")}
}

// Validate checks the two passwords match and pass the validators for user.
func (f *SetPassword) Validate(user auth.UserAttributes) bool {
	if f.Errors == nil {
		f.Errors = Errors{}
	}
	newPasswords(f.Errors, "new_password1", "new_password2", f.NewPassword1, f.NewPassword2, user)
	return !f.Errors.Any()
}

// newPasswords checks a password typed twice into field1 and field2: both filled in, then (when
// the form has no error so far) equal and accepted by Django's validators for user. Those errors
// go to field2, as Django's.
func newPasswords(e Errors, field1, field2, p1, p2 string, user auth.UserAttributes) {
	if p1 == "" {
		e.Add(field1, Required)
	}
	if p2 == "" {
		e.Add(field2, Required)
	}
	if e.Any() {
		return
	}
	if p1 != p2 {
		e.Add(field2, PasswordMismatch)
		return
	}
	for _, msg := range auth.ValidatePassword(p1, user) {
		e.Add(field2, msg)
	}
}

// PasswordChange is Django's PasswordChangeForm: the old password, then a new one twice.
type PasswordChange struct {
	OldPassword string
	SetPassword
}

// NewPasswordChange reads the submitted password change form.
func NewPasswordChange(c *fiber.Ctx) PasswordChange {
	return PasswordChange{OldPassword: value(c, "old_password"), SetPassword: NewSetPassword(c)}
}

// Validate checks the old password with checkOld and the new ones as SetPassword does.
func (f *PasswordChange) Validate(user auth.UserAttributes, checkOld func(string) bool) bool {
	f.Errors = Errors{}
	if f.OldPassword == "" {
		f.Errors.Add("old_password", Required)
	} else if !checkOld(f.OldPassword) {
		f.Errors.Add("old_password", OldPasswordWrong)
	}
	return f.SetPassword.Validate(user)
}

// PasswordReset is Django's PasswordResetForm: the e-mail address to send the link to.
type PasswordReset struct {
	Email  string
	Errors Errors
}

// NewPasswordReset reads the submitted password reset form.
func NewPasswordReset(c *fiber.Ctx) PasswordReset {
	return PasswordReset{Email: value(c, "email")}
}

// Validate checks the address is filled in and well formed.
func (f *PasswordReset) Validate() bool {
	f.Errors = Errors{}
	f.Email = required(f.Errors, "email", f.Email)
	if f.Email != "" && !ValidEmail(f.Email) {
		f.Errors.Add("email", InvalidEmail)
	}
	maxLen(f.Errors, "email", f.Email, 254)
	return !f.Errors.Any()
}
