package middleware

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// BodyLimits refuses (413) a request whose body is larger than its path allows: Default, or the
// limit Allow gave the path (the CSV upload page). Fiber's BodyLimit, which holds for the whole
// app, must be the largest of them.
type BodyLimits struct {
	Default int
	paths   map[string]int
}

// NewBodyLimits limits every request body to def bytes, until Allow says otherwise for a path.
func NewBodyLimits(def int) *BodyLimits { return &BodyLimits{Default: def, paths: map[string]int{}} }

// Allow lets requests to path carry up to limit bytes. It is called at start-up, once the
// routes are known, before the app serves.
func (b *BodyLimits) Allow(path string, limit int) { b.paths[path] = limit }

// Check is the middleware.
func (b *BodyLimits) Check(c *fiber.Ctx) error {
	limit := b.Default
	if n, ok := b.paths[c.Path()]; ok {
		limit = n
	}
	// A multipart body of known length was parsed already (its files into temporary files), and
	// asking for it whole would assemble it again: its length says enough.
	size := c.Request().Header.ContentLength()
	if size < 0 {
		size = len(c.Request().Body())
	}
	if size > limit {
		return fiber.NewError(fiber.StatusRequestEntityTooLarge,
			"The request is too large: this page takes at most "+strconv.Itoa(limit>>20)+" MB.")
	}
	return c.Next()
}
