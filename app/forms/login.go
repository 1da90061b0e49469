package forms

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Login is Django's AuthenticationForm.
type Login struct {
	Username, Password, Next string
	Errors                   Errors
}

// LoginFailed is Django's message for a wrong username or password.
const LoginFailed = "Your username and password didn't match. Please try again."

// NewLogin reads the submitted login form.
func NewLogin(c *fiber.Ctx) Login {
	return Login{Username: value(c, "username"), Password: value(c, "password"), Next: value(c, "next")}
}

// InitialLogin is the login page's empty form, keeping the ?next= page to go to afterwards.
func InitialLogin(c *fiber.Ctx) Login {
	return Login{Next: strings.Clone(c.Query("next"))}
}

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

// Failed records that the credentials were refused, and forgets the password typed.
func (f *Login) Failed() {
	f.Errors.Add(NonField, LoginFailed)
	f.Password = ""
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
