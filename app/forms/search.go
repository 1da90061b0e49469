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

// NewSearch reads the search text, cut to models.MaxQueryLength characters, and the
// available-copies-only box.
func NewSearch(c *fiber.Ctx) Search {
	available := c.Query("available")
	// As Django's CheckboxInput: absent, empty or "false" (any case) is unchecked.
	return Search{Q: truncate(c.Query("q"), models.MaxQueryLength), Available: available != "" && !strings.EqualFold(available, "false")}
}

// Query is the search the form asks for.
func (f Search) Query() models.Search {
	return models.Search{Q: f.Q, AvailableOnly: f.Available}
}

// truncate copies the first n characters of s, never splitting one.
func truncate(s string, n int) string {
	for i := range s {
		if n == 0 {
			return strings.Clone(s[:i])
		}
		n--
	}
	return strings.Clone(s)
}
