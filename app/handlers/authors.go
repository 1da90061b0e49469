package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
	"locallibrary/models"
)

// AuthorList shows the authors, ten a page (Django's AuthorListView).
func (h *Handlers) AuthorList(c *fiber.Ctx) error {
	authors, page, err := models.ListAuthors(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/author_list", Data{"title": "All authors", "author_list": authors, "page_obj": page})
}

// AuthorDetail shows an author and their books (Django's AuthorDetailView).
func (h *Handlers) AuthorDetail(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	author, err := models.GetAuthor(ctx, h.DB, id)
	if err != nil {
		return err
	}
	books, page, err := models.ListBooksBy(ctx, h.DB, models.BooksBy{AuthorID: id}, listParams(c))
	if err != nil {
		return err
	}
	data := Data{"title": author.String(), "author": author, "book_list": books, "page_obj": page}
	if err := h.lastChange(c, data, models.ContentAuthor, strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/author_detail", data)
}
