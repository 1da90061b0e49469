package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// BookList shows the catalog's books, ten a page (Django's BookListView).
func (h *Handlers) BookList(c *fiber.Ctx) error {
	books, page, err := models.ListBooks(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/book_list", Data{"title": "All books", "book_list": books, "page_obj": page})
}

// BookDetail shows one book with its copies (Django's BookDetailView).
func (h *Handlers) BookDetail(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	book, err := models.GetBook(c.UserContext(), h.DB, id)
	if err != nil {
		return err
	}
	data := Data{"title": book.Title, "book": book}
	if err := h.bookHolds(c, data, book.ID); err != nil {
		return err
	}
	if err := h.lastChange(c, data, models.ContentBook, strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/book_detail", data)
}

// BookSearch finds books by title, author, ISBN or genre.
func (h *Handlers) BookSearch(c *fiber.Ctx) error {
	f := forms.NewSearch(c)
	books, page, err := models.SearchBooks(c.UserContext(), h.DB, f.Query(), listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/book_search", Data{"title": "Search", "form": f, "book_list": books, "page_obj": page})
}
