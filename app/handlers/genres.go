package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
	"locallibrary/models"
)

// GenreList shows the genres (Django's GenreListView).
func (h *Handlers) GenreList(c *fiber.Ctx) error {
	genres, page, err := models.ListGenres(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/genre_list", Data{"title": "All genres", "genre_list": genres, "page_obj": page})
}

// GenreDetail shows a genre and its books.
func (h *Handlers) GenreDetail(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	genre, err := models.GetGenre(ctx, h.DB, id)
	if err != nil {
		return err
	}
	books, page, err := models.ListBooksBy(ctx, h.DB, models.BooksBy{GenreID: id}, listParams(c))
	if err != nil {
		return err
	}
	data := Data{"title": genre.Name, "genre": genre, "book_list": books, "page_obj": page}
	if err := h.lastChange(c, data, models.ContentGenre, strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/genre_detail", data)
}

// LanguageList shows the languages.
func (h *Handlers) LanguageList(c *fiber.Ctx) error {
	langs, page, err := models.ListLanguages(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/language_list", Data{"title": "All languages", "language_list": langs, "page_obj": page})
}

// LanguageDetail shows a language and the books written in it.
func (h *Handlers) LanguageDetail(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	lang, err := models.GetLanguage(ctx, h.DB, id)
	if err != nil {
		return err
	}
	books, page, err := models.ListBooksBy(ctx, h.DB, models.BooksBy{LanguageID: id}, listParams(c))
	if err != nil {
		return err
	}
	data := Data{"title": lang.Name, "language": lang, "book_list": books, "page_obj": page}
	if err := h.lastChange(c, data, models.ContentLanguage, strconv.FormatInt(id, 10)); err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/language_detail", data)
}
