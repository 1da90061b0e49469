package request

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/models"
)

// ID reads the route parameter name as a positive integer primary key; anything else is
// models.ErrNotFound, so a malformed id gets the 404 page.
func ID(c *fiber.Ctx, name string) (int64, error) {
	return parseID(c.Params(name))
}

// UUID reads the route parameter name as a UUID in its canonical 36-character form; anything
// else is models.ErrNotFound.
func UUID(c *fiber.Ctx, name string) (uuid.UUID, error) {
	return parseUUID(c.Params(name))
}

func parseID(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, models.ErrNotFound
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, models.ErrNotFound
	}
	return id, nil
}

func parseUUID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 {
		return uuid.UUID{}, models.ErrNotFound
	}
	return id, nil
}
