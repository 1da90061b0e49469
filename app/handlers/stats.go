package handlers

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/render"
	"locallibrary/models"
)

// Stats is the staff statistics page: copies by status, loans per month, the most borrowed
// books, the overdue loans and the holds, each chart drawn as SVG with its numbers as a table.
func (h *Handlers) Stats(c *fiber.Ctx) error {
	s, err := models.ReadStats(c.UserContext(), h.DB, time.Now())
	if err != nil {
		return err
	}
	top := make([]render.Item, len(s.TopBooks))
	for i, b := range s.TopBooks {
		href, err := h.URLs.Reverse("book-detail", b.BookID)
		if err != nil {
			return err
		}
		top[i] = render.Item{Label: b.Title, Href: href, Value: b.Value}
	}
	return h.render(c, fiber.StatusOK, "catalog/stats", Data{
		"title":  "Statistics",
		"stats":  s,
		"months": models.StatsMonths,
		"copies": render.NewBarChart("chart-copies", "Copies by status", "Bar chart of the number of copies in each status.",
			"Status", "Copies", figureItems(s.Copies)),
		"loans": render.NewBarChart("chart-loans", fmt.Sprintf("Loans per month, last %d months", models.StatsMonths),
			"Bar chart of the number of loans lent in each month, oldest first.", "Month", "Loans", figureItems(s.Months)),
		"top": render.NewBarChart("chart-top", fmt.Sprintf("The %d most borrowed books", models.StatsTopBooks),
			"Bar chart of the number of loans of the most borrowed books, most first.", "Book", "Loans", top),
	})
}

// figureItems are figures as chart items.
func figureItems(figs []models.Figure) []render.Item {
	items := make([]render.Item, len(figs))
	for i, f := range figs {
		items[i] = render.Item{Label: f.Label, Value: f.Value}
	}
	return items
}
