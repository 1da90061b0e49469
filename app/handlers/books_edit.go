package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// BookCreateForm shows the empty book form; ?author= (from an author's page) fills the author in.
func (h *Handlers) BookCreateForm(c *fiber.Ctx) error {
	var b models.Book
	if id, err := strconv.ParseInt(c.Query("author"), 10, 64); err == nil && id > 0 {
		a, err := models.GetAuthor(c.UserContext(), h.DB, id)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		b.AuthorID, b.Author = a.ID, a
	}
	return h.renderBookForm(c, fiber.StatusOK, nil, forms.InitialBook(b))
}

// BookCreate saves a new book in its genres and shows it.
func (h *Handlers) BookCreate(c *fiber.Ctx) error {
	f := forms.NewBook(c)
	var b models.Book
	switch status, err := h.saveBook(c, &b, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderBookForm(c, status, nil, f)
	}
	return h.saved(c, "Book created.", "book-detail", b.ID)
}

// BookUpdateForm shows the book form with the book's stored values.
func (h *Handlers) BookUpdateForm(c *fiber.Ctx) error {
	b, err := h.bookForEdit(c)
	if err != nil {
		return err
	}
	return h.renderBookForm(c, fiber.StatusOK, &b, forms.InitialBook(b))
}

// BookUpdate saves the book form unless the book changed since it was opened.
func (h *Handlers) BookUpdate(c *fiber.Ctx) error {
	b, err := h.bookForEdit(c)
	if err != nil {
		return err
	}
	f := forms.NewBook(c)
	switch status, err := h.saveBook(c, &b, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderBookForm(c, status, &b, f)
	}
	return h.saved(c, "Book updated.", "book-detail", b.ID)
}

// saveBook validates f, looks up its author, language and genres, and saves it as b (a new book
// when b.ID is 0), recording who did it. It returns 0 once saved, or the status to show the form
// again with: 422 when f is invalid, a choice is unknown or the ISBN taken, 409 when the book
// changed since the form was opened (b is then the saved version).
func (h *Handlers) saveBook(c *fiber.Ctx, b *models.Book, f *forms.Book) (int, error) {
	ctx := c.UserContext()
	authorID, languageID, err := h.checkBook(c, f)
	if err != nil {
		return 0, err
	}
	if f.Errors.Any() {
		return fiber.StatusUnprocessableEntity, nil
	}
	if b.ID == 0 {
		created := f.Book(0, authorID, languageID)
		if err = models.CreateBook(ctx, h.DB, &created, f.GenreIDs(), change(c)); err == nil {
			*b = created
		}
	} else {
		updated := f.Book(b.ID, authorID, languageID)
		if err = models.UpdateBook(ctx, h.DB, updated, f.GenreIDs(), change(c, f.Changed(*b, authorID, languageID)...)); err == nil {
			b.Title = updated.Title
		}
	}
	return h.bookNotSaved(c, b, f, err)
}

// bookNotSaved turns the error of saving book form f as b into the status to show the form again
// with (0 when saved; err itself when no form message explains it).
func (h *Handlers) bookNotSaved(c *fiber.Ctx, b *models.Book, f *forms.Book, err error) (int, error) {
	switch {
	case err == nil:
		return 0, nil
	case errors.Is(err, models.ErrStale):
		current, err := models.GetBookForEdit(c.UserContext(), h.DB, b.ID)
		if err != nil {
			return 0, err
		}
		*b = current
		f.ChangedMeanwhile(current)
		return fiber.StatusConflict, nil
	case h.bookSaveFailed(f, err):
		return fiber.StatusUnprocessableEntity, nil
	}
	return 0, err
}

// checkBook validates the form, then looks up the author, language and genres it names: one
// query each, whatever the size of the catalog.
func (h *Handlers) checkBook(c *fiber.Ctx, f *forms.Book) (authorID, languageID int64, err error) {
	ctx := c.UserContext()
	var amb *models.AmbiguousError
	if f.Validate(); !f.Errors.Has("author") {
		a, err := models.LookupAuthor(ctx, h.DB, f.Author)
		switch {
		case errors.Is(err, models.ErrNotFound) || errors.As(err, &amb):
			f.UnknownAuthor(err)
		case err != nil:
			return 0, 0, err
		}
		authorID = a.ID
	}
	if !f.Errors.Has("language") {
		l, err := models.LookupLanguage(ctx, h.DB, f.Language)
		switch {
		case errors.Is(err, models.ErrNotFound):
			f.UnknownLanguage()
		case err != nil:
			return 0, 0, err
		}
		languageID = l.ID
	}
	if ids := f.GenreIDs(); len(ids) > 0 {
		found, err := models.ExistingGenres(ctx, h.DB, ids)
		if err != nil {
			return 0, 0, err
		}
		f.UnknownGenres(found)
	}
	return authorID, languageID, nil
}

// bookSaveFailed records on the form why saving it failed, when the librarian can fix it: the
// ISBN is taken, or a choice was deleted meanwhile.
func (h *Handlers) bookSaveFailed(f *forms.Book, err error) bool {
	switch {
	case errors.Is(err, models.ErrDuplicate):
		f.ISBNTaken()
	case errors.Is(err, models.ErrInvalidChoice):
		f.ChoiceGone()
	default:
		return false
	}
	return true
}

func (h *Handlers) renderBookForm(c *fiber.Ctx, status int, b *models.Book, f forms.Book) error {
	ctx := c.UserContext()
	authors, err := models.AuthorChoices(ctx, h.DB)
	if err != nil {
		return err
	}
	languages, err := models.LanguageChoices(ctx, h.DB)
	if err != nil {
		return err
	}
	genres, err := models.GenreOptions(ctx, h.DB)
	if err != nil {
		return err
	}
	title := "Create book"
	if b != nil {
		title = "Update book: " + b.Title
	}
	return h.render(c, status, "catalog/book_form", Data{"title": title, "book": b, "form": f,
		"authors": authors, "languages": languages, "genres": genres})
}

// BookDeleteConfirm asks to confirm the delete, or lists the copies that stop it.
func (h *Handlers) BookDeleteConfirm(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	b, err := models.GetBookForEdit(c.UserContext(), h.DB, id)
	if err != nil {
		return err
	}
	return h.renderBookDelete(c, fiber.StatusOK, b)
}

// BookDelete deletes a book without copies and goes to the book list; a book with copies stays,
// and the page lists them.
func (h *Handlers) BookDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	b, err := models.DeleteBook(ctx, h.DB, id, change(c))
	if errors.Is(err, models.ErrProtected) {
		if b, err = models.GetBookForEdit(ctx, h.DB, id); err != nil {
			return err
		}
		return h.renderBookDelete(c, fiber.StatusConflict, b)
	}
	if err != nil {
		return err
	}
	return h.saved(c, "Book deleted: "+b.Title+".", "books")
}

func (h *Handlers) renderBookDelete(c *fiber.Ctx, status int, b models.Book) error {
	copies, page, err := models.ListCopiesOf(c.UserContext(), h.DB, b.ID, models.ListParams{})
	if err != nil {
		return err
	}
	data := Data{"title": "Delete book: " + b.Title, "book": b}
	blocking(data, "bookinstance_list", copies, page)
	return h.render(c, status, "catalog/book_confirm_delete", data)
}

// bookForEdit loads the book the URL's :id names, with its author, language and genres.
func (h *Handlers) bookForEdit(c *fiber.Ctx) (models.Book, error) {
	id, err := request.ID(c, "id")
	if err != nil {
		return models.Book{}, err
	}
	return models.GetBookForEdit(c.UserContext(), h.DB, id)
}
