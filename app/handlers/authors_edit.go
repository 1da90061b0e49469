package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// AuthorCreateForm shows the empty author form (Django's AuthorCreate, GET).
func (h *Handlers) AuthorCreateForm(c *fiber.Ctx) error {
	return h.renderAuthorForm(c, fiber.StatusOK, nil, forms.InitialAuthor(models.Author{}))
}

// AuthorCreate saves a new author and shows it.
func (h *Handlers) AuthorCreate(c *fiber.Ctx) error {
	f := forms.NewAuthor(c)
	var a models.Author
	switch status, err := h.saveAuthor(c, &a, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderAuthorForm(c, status, nil, f)
	}
	return h.saved(c, "Author created.", "author-detail", a.ID)
}

// AuthorUpdateForm shows the author form with the author's stored values (Django's AuthorUpdate,
// GET).
func (h *Handlers) AuthorUpdateForm(c *fiber.Ctx) error {
	a, err := h.author(c)
	if err != nil {
		return err
	}
	return h.renderAuthorForm(c, fiber.StatusOK, &a, forms.InitialAuthor(a))
}

// AuthorUpdate saves the author form unless the author changed since it was opened.
func (h *Handlers) AuthorUpdate(c *fiber.Ctx) error {
	a, err := h.author(c)
	if err != nil {
		return err
	}
	f := forms.NewAuthor(c)
	switch status, err := h.saveAuthor(c, &a, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderAuthorForm(c, status, &a, f)
	}
	return h.saved(c, "Author updated.", "author-detail", a.ID)
}

// saveAuthor validates f and saves it as a (a new author when a.ID is 0), recording who did it.
// It returns 0 once saved, or the status to show the form again with: 422 when f is invalid, 409
// when the author changed since the form was opened (a is then the saved version, and f shows
// it with the values typed aside).
func (h *Handlers) saveAuthor(c *fiber.Ctx, a *models.Author, f *forms.Author) (int, error) {
	ctx := c.UserContext()
	if !f.Validate() {
		return fiber.StatusUnprocessableEntity, nil
	}
	if a.ID == 0 {
		*a = f.Author(0)
		return 0, models.CreateAuthor(ctx, h.DB, a, change(c))
	}
	err := models.UpdateAuthor(ctx, h.DB, f.Author(a.ID), change(c, f.Changed(*a)...))
	if errors.Is(err, models.ErrStale) {
		current, err := models.GetAuthor(ctx, h.DB, a.ID)
		if err != nil {
			return 0, err
		}
		*a = current
		f.ChangedMeanwhile(current)
		return fiber.StatusConflict, nil
	}
	if err == nil {
		*a = f.Author(a.ID)
	}
	return 0, err
}

func (h *Handlers) renderAuthorForm(c *fiber.Ctx, status int, a *models.Author, f forms.Author) error {
	title := "Create author"
	if a != nil {
		title = "Update author: " + a.String()
	}
	return h.render(c, status, "catalog/author_form", Data{"title": title, "author": a, "form": f})
}

// AuthorDeleteConfirm asks to confirm the delete, or lists the books that stop it (Django's
// AuthorDelete, GET).
func (h *Handlers) AuthorDeleteConfirm(c *fiber.Ctx) error {
	a, err := h.author(c)
	if err != nil {
		return err
	}
	return h.renderAuthorDelete(c, fiber.StatusOK, a)
}

// AuthorDelete deletes an author without books and goes to the author list; an author with
// books stays, and the page lists them.
func (h *Handlers) AuthorDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	a, err := models.DeleteAuthor(ctx, h.DB, id, change(c))
	if errors.Is(err, models.ErrProtected) {
		if a, err = models.GetAuthor(ctx, h.DB, id); err != nil {
			return err
		}
		return h.renderAuthorDelete(c, fiber.StatusConflict, a)
	}
	if err != nil {
		return err
	}
	return h.saved(c, "Author deleted: "+a.String()+".", "authors")
}

func (h *Handlers) renderAuthorDelete(c *fiber.Ctx, status int, a models.Author) error {
	books, page, err := models.ListBooksBy(c.UserContext(), h.DB, models.BooksBy{AuthorID: a.ID}, models.ListParams{})
	if err != nil {
		return err
	}
	data := Data{"title": "Delete author: " + a.String(), "author": a}
	blocking(data, "book_list", books, page)
	return h.render(c, status, "catalog/author_confirm_delete", data)
}

// author loads the author the URL's :id names.
func (h *Handlers) author(c *fiber.Ctx) (models.Author, error) {
	id, err := request.ID(c, "id")
	if err != nil {
		return models.Author{}, err
	}
	return models.GetAuthor(c.UserContext(), h.DB, id)
}
