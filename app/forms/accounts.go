package forms

import (
	"strings"

	"locallibrary/app/auth"
)

// Login is Django's AuthenticationForm.
type Login struct {
	Username, Password, Next string
	Errors                   Errors
}

// LoginFailed is Django's message for a wrong username or password.
const LoginFailed = "Your username and password didn't match. Please try again."

// Validate checks both fields are filled in.
func (f *Login) Validate() bool {
	f.Errors = Errors{}
	f.Username = required(f.Errors, "username", f.Username)
	maxLen(f.Errors, "username", f.Username, 150)
	if f.Password == "" {
		f.Errors.Add("password", Required)
	}
	return !f.Errors.Any()
}

// SetPassword is Django's SetPasswordForm: a new password typed twice, checked by the validators.
type SetPassword struct {
	NewPassword1, NewPassword2 string
	Errors                     Errors
}

// Validate checks the two passwords match and pass the validators for user.
func (f *SetPassword) Validate(user auth.UserAttributes) bool {
	if f.Errors == nil {
		f.Errors = Errors{}
	}
	if f.NewPassword1 == "" {
		f.Errors.Add("new_password1", Required)
	}
	if f.NewPassword2 == "" {
		f.Errors.Add("new_password2", Required)
	}
	if f.Errors.Any() {
		return false
	}
	if f.NewPassword1 != f.NewPassword2 {
		f.Errors.Add("new_password2", "The two password fields didn’t match.")
		return false
	}
	for _, msg := range auth.ValidatePassword(f.NewPassword1, user) {
		f.Errors.Add("new_password2", msg)
	}
	return !f.Errors.Any()
}

// PasswordChange is Django's PasswordChangeForm: the old password, then a new one twice.
type PasswordChange struct {
	OldPassword string
	SetPassword
}

// OldPasswordWrong is Django's message for a wrong current password.
const OldPasswordWrong = "Your old password was entered incorrectly. Please enter it again."

// Validate checks the old password with checkOld and the new ones as SetPassword does.
func (f *PasswordChange) Validate(user auth.UserAttributes, checkOld func(string) bool) bool {
	f.Errors = Errors{}
	if f.OldPassword == "" {
		f.Errors.Add("old_password", Required)
	} else if !checkOld(f.OldPassword) {
		f.Errors.Add("old_password", OldPasswordWrong)
	}
	ok := f.SetPassword.Validate(user)
	return ok && !f.Errors.Any()
}

// PasswordReset is Django's PasswordResetForm: the e-mail address to send the link to.
type PasswordReset struct {
	Email  string
	Errors Errors
}

// Validate checks the address is filled in and well formed.
func (f *PasswordReset) Validate() bool {
	f.Errors = Errors{}
	f.Email = required(f.Errors, "email", f.Email)
	if f.Email != "" && !validEmail(f.Email) {
		f.Errors.Add("email", InvalidEmail)
	}
	maxLen(f.Errors, "email", f.Email, 254)
	return !f.Errors.Any()
}

// SafeNext returns next when it is a path on this site, else def: absolute URLs,
// scheme-relative "//host" and "/\host" tricks and javascript: links fall back to def.
func SafeNext(next, def string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsAny(next, "\\\r\n\t\x00") {
		return def
	}
	for _, r := range next {
		if r < 0x20 || r == 0x7f {
			return def
		}
	}
	return next
}
