package handlers

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// BookInstanceList shows every copy, ten a page, by due date.
func (h *Handlers) BookInstanceList(c *fiber.Ctx) error {
	copies, page, err := models.ListBookInstances(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_list", Data{"title": "All copies", "bookinstance_list": copies, "page_obj": page})
}

// BookInstanceDetail shows one copy.
func (h *Handlers) BookInstanceDetail(c *fiber.Ctx) error {
	bi, err := models.GetBookInstance(c.UserContext(), h.DB, c.Params("id"))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_detail", Data{"title": "Copy of " + bi.Book.Title, "bookinstance": bi})
}
