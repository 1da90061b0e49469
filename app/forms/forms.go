// Package forms is LocalLibrary's forms.py: each form reads itself from the request
// (forms.NewRenewBook(c)), Validate records field errors in Django's words, and methods record
// what only the view can find out (Login.Failed, CheckOut.UnknownBorrower). A field's name
// appears here and in its template, never in a handler.
package forms

import (
	"maps"
	"net/mail"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// NonField is the key of errors that belong to the whole form (Django's __all__).
const NonField = "__all__"

// Django's messages.
const (
	Required     = "This field is required."
	InvalidDate  = "Enter a valid date."
	InvalidEmail = "Enter a valid email address."
)

// Errors maps a field name to its messages.
type Errors map[string][]string

// Add records msg against field.
func (e Errors) Add(field, msg string) { e[field] = append(e[field], msg) }

// Any reports whether there is at least one error.
func (e Errors) Any() bool { return len(e) > 0 }

// Has reports whether field has errors (templates use it to mark the input invalid).
func (e Errors) Has(field string) bool { return len(e[field]) > 0 }

// Messages lists every message: the whole form's first, then the fields' by field name.
func (e Errors) Messages() []string {
	msgs := slices.Clone(e[NonField])
	for _, field := range slices.Sorted(maps.Keys(e)) {
		if field != NonField {
			msgs = append(msgs, e[field]...)
		}
	}
	return msgs
}

// NonField returns the errors of the whole form.
func (e Errors) NonField() []string { return e[NonField] }

// required trims v and records "This field is required." when it is empty.
func required(e Errors, field, v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		e.Add(field, Required)
	}
	return v
}

// maxLen records Django's length message when v has more than n characters.
func maxLen(e Errors, field, v string, n int) {
	if l := len([]rune(v)); l > n {
		e.Add(field, "Ensure this value has at most "+strconv.Itoa(n)+" characters (it has "+strconv.Itoa(l)+").")
	}
}

// date parses an optional YYYY-MM-DD field; nil when empty.
func date(e Errors, field, v string) *models.Date {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	d, err := models.ParseDate(v)
	if err != nil {
		e.Add(field, InvalidDate)
		return nil
	}
	return &d
}

// value copies a submitted field: Fiber's values are only valid during the request.
func value(c *fiber.Ctx, field string) string { return strings.Clone(c.FormValue(field)) }

// ValidEmail reports whether s is a bare e-mail address with a dot in its domain (Django's
// EmailValidator, near enough).
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@")+1:], ".")
}

// submitted reports whether the form carries field at all, even empty (a check box sends
// nothing when unticked, so only a crafted submission carries a field the page did not show).
func submitted(c *fiber.Ctx, field string) bool {
	if c.Request().PostArgs().Has(field) {
		return true
	}
	if mf, err := c.MultipartForm(); err == nil {
		_, ok := mf.Value[field]
		return ok
	}
	return false
}
