package middleware

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
)

var nulEscapes = [][]byte{{0}, []byte("%00")}

// RejectNUL refuses a request whose URL or form carries a NUL character, which PostgreSQL text
// cannot store (Django's "Null characters are not allowed.").
func RejectNUL(c *fiber.Ctx) error {
	parts := [][]byte{c.Request().URI().RequestURI()}
	if bytes.HasPrefix(c.Request().Header.ContentType(), []byte(fiber.MIMEApplicationForm)) {
		parts = append(parts, c.Body())
	}
	for _, p := range parts {
		for _, bad := range nulEscapes {
			if bytes.Contains(p, bad) {
				return fiber.NewError(fiber.StatusBadRequest, "Null characters are not allowed.")
			}
		}
	}
	return c.Next()
}
