package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// GenreCreateForm shows the empty genre form.
func (h *Handlers) GenreCreateForm(c *fiber.Ctx) error {
	return h.renderGenreForm(c, fiber.StatusOK, nil, forms.InitialName("", 1))
}

// GenreCreate saves a new genre and shows it; a name already used, ignoring case, is refused.
func (h *Handlers) GenreCreate(c *fiber.Ctx) error {
	f := forms.NewName(c)
	if !f.Validate() {
		return h.renderGenreForm(c, fiber.StatusUnprocessableEntity, nil, f)
	}
	g := f.Genre(0)
	err := models.CreateGenre(c.UserContext(), h.DB, &g, change(c))
	if errors.Is(err, models.ErrDuplicate) {
		f.GenreTaken()
		return h.renderGenreForm(c, fiber.StatusUnprocessableEntity, nil, f)
	}
	if err != nil {
		return err
	}
	return h.saved(c, "Genre created.", "genre-detail", g.ID)
}

// GenreUpdateForm shows the genre form with the stored name.
func (h *Handlers) GenreUpdateForm(c *fiber.Ctx) error {
	g, err := h.genre(c)
	if err != nil {
		return err
	}
	return h.renderGenreForm(c, fiber.StatusOK, &g, forms.InitialName(g.Name, g.Version))
}

// GenreUpdate renames the genre unless it changed since the form was opened.
func (h *Handlers) GenreUpdate(c *fiber.Ctx) error {
	ctx := c.UserContext()
	g, err := h.genre(c)
	if err != nil {
		return err
	}
	f := forms.NewName(c)
	if !f.Validate() {
		return h.renderGenreForm(c, fiber.StatusUnprocessableEntity, &g, f)
	}
	err = models.UpdateGenre(ctx, h.DB, f.Genre(g.ID), change(c, f.Changed(g.Name)...))
	switch {
	case errors.Is(err, models.ErrDuplicate):
		f.GenreTaken()
		return h.renderGenreForm(c, fiber.StatusUnprocessableEntity, &g, f)
	case errors.Is(err, models.ErrStale):
		current, err := models.GetGenre(ctx, h.DB, g.ID)
		if err != nil {
			return err
		}
		f.ChangedMeanwhile("genre", current.Name, current.Version)
		return h.renderGenreForm(c, fiber.StatusConflict, &current, f)
	case err != nil:
		return err
	}
	return h.saved(c, "Genre updated.", "genre-detail", g.ID)
}

func (h *Handlers) renderGenreForm(c *fiber.Ctx, status int, g *models.Genre, f forms.Name) error {
	title := "Create genre"
	if g != nil {
		title = "Update genre: " + g.Name
	}
	return h.render(c, status, "catalog/genre_form", Data{"title": title, "genre": g, "form": f})
}

// GenreDeleteConfirm asks to confirm the delete, or lists the books that stop it.
func (h *Handlers) GenreDeleteConfirm(c *fiber.Ctx) error {
	g, err := h.genre(c)
	if err != nil {
		return err
	}
	return h.renderGenreDelete(c, fiber.StatusOK, g)
}

// GenreDelete deletes a genre no book uses and goes to the genre list; a genre in use stays,
// and the page lists its books.
func (h *Handlers) GenreDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	g, err := models.DeleteGenre(ctx, h.DB, id, change(c))
	if errors.Is(err, models.ErrProtected) {
		if g, err = models.GetGenre(ctx, h.DB, id); err != nil {
			return err
		}
		return h.renderGenreDelete(c, fiber.StatusConflict, g)
	}
	if err != nil {
		return err
	}
	return h.saved(c, "Genre deleted: "+g.Name+".", "genres")
}

func (h *Handlers) renderGenreDelete(c *fiber.Ctx, status int, g models.Genre) error {
	books, page, err := models.ListBooksBy(c.UserContext(), h.DB, models.BooksBy{GenreID: g.ID}, models.ListParams{})
	if err != nil {
		return err
	}
	data := Data{"title": "Delete genre: " + g.Name, "genre": g}
	blocking(data, "book_list", books, page)
	return h.render(c, status, "catalog/genre_confirm_delete", data)
}

// genre loads the genre the URL's :id names.
func (h *Handlers) genre(c *fiber.Ctx) (models.Genre, error) {
	id, err := request.ID(c, "id")
	if err != nil {
		return models.Genre{}, err
	}
	return models.GetGenre(c.UserContext(), h.DB, id)
}
