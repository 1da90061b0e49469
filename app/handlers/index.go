package handlers

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/app/sessions"
	"locallibrary/models"
)

// Index is the home page: catalog counts and the session's visit counter.
func (h *Handlers) Index(c *fiber.Ctx) error {
	counts, err := models.CountIndex(c.UserContext(), h.DB)
	if err != nil {
		return err
	}
	numVisits := sessions.From(c).CountVisit()
	return h.render(c, fiber.StatusOK, "catalog/index", Data{
		"title":                   "Home",
		"num_books":               counts.NumBooks,
		"num_instances":           counts.NumInstances,
		"num_instances_available": counts.NumInstancesAvailable,
		"num_authors":             counts.NumAuthors,
		"num_genres":              counts.NumGenres,
		"num_visits":              numVisits,
	})
}
