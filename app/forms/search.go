package forms

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// Search is the catalog search form (a GET form: its values come from the query string).
type Search struct {
	Q         string
	Available bool
}

// NewSearch reads the search text, cut to models.MaxQueryLength bytes, and the
// available-copies-only box.
func NewSearch(c *fiber.Ctx) Search {
	q := c.Query("q")
	if len(q) > models.MaxQueryLength {
		q = q[:models.MaxQueryLength]
	}
	return Search{Q: strings.Clone(q), Available: c.Query("available") != ""}
}

// Query is the search the form asks for.
func (f Search) Query() models.Search {
	return models.Search{Q: f.Q, AvailableOnly: f.Available}
}
