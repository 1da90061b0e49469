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
	var g models.Genre
	switch status, err := h.saveGenre(c, &g, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderGenreForm(c, status, nil, f)
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
	g, err := h.genre(c)
	if err != nil {
		return err
	}
	f := forms.NewName(c)
	switch status, err := h.saveGenre(c, &g, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderGenreForm(c, status, &g, f)
	}
	return h.saved(c, "Genre updated.", "genre-detail", g.ID)
}

// saveGenre validates f and saves it as g (a new genre when g.ID is 0), recording who did it.
// It returns 0 once saved, or the status to show the form again with: 422 when f is invalid or
// the name is taken ignoring case, 409 when the genre changed since the form was opened (g is
// then the saved version).
func (h *Handlers) saveGenre(c *fiber.Ctx, g *models.Genre, f *forms.Name) (int, error) {
	ctx := c.UserContext()
	if !f.Validate() {
		return fiber.StatusUnprocessableEntity, nil
	}
	var err error
	if g.ID == 0 {
		*g = f.Genre(0)
		err = models.CreateGenre(ctx, h.DB, g, change(c))
	} else {
		updated := f.Genre(g.ID)
		if err = models.UpdateGenre(ctx, h.DB, updated, change(c, f.Changed(g.Name)...)); err == nil {
			*g = updated
		}
	}
	switch {
	case errors.Is(err, models.ErrDuplicate):
		f.GenreTaken()
		return fiber.StatusUnprocessableEntity, nil
	case errors.Is(err, models.ErrStale):
		current, err := models.GetGenre(ctx, h.DB, g.ID)
		if err != nil {
			return 0, err
		}
		*g = current
		f.ChangedMeanwhile("genre", current.Name, current.Version)
		return fiber.StatusConflict, nil
	}
	return 0, err
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
