package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// AdminBookForm shows the book form with its copies inline (Django's BooksInstanceInline): empty
// on the add page, with blank rows for new copies; the book's on its change page.
func (h *Handlers) AdminBookForm(c *fiber.Ctx) error {
	if adminAdding(c) {
		return h.renderAdminBook(c, fiber.StatusOK, nil, forms.InitialBook(models.Book{}), forms.InitialCopyFormset(models.Book{}, nil))
	}
	b, err := h.bookForEdit(c)
	if err != nil {
		return err
	}
	copies, err := models.CopiesOf(c.UserContext(), h.DB, b.ID)
	if err != nil {
		return err
	}
	return h.renderAdminBook(c, fiber.StatusOK, &b, forms.InitialBook(b), forms.InitialCopyFormset(b, copies))
}

// AdminBookSave saves the book and the copies added, changed and deleted on its page together:
// every row is checked with the copy form's rules first, then all is saved in one transaction,
// so one bad or stale copy saves nothing and its row says why.
func (h *Handlers) AdminBookSave(c *fiber.Ctx) error {
	ctx := c.UserContext()
	adding := adminAdding(c)
	var b models.Book
	var stored []models.BookInstance
	if !adding {
		var err error
		if b, err = h.bookForEdit(c); err != nil {
			return err
		}
		if stored, err = models.CopiesOf(ctx, h.DB, b.ID); err != nil {
			return err
		}
	}
	byID := make(map[uuid.UUID]models.BookInstance, len(stored))
	for _, bi := range stored {
		byID[bi.ID] = bi
	}
	f, fs := forms.NewBook(c), forms.NewCopyFormset(c, b)
	authorID, languageID, err := h.checkBook(c, &f)
	if err != nil {
		return err
	}
	fs.Validate(byID)
	borrowers, err := models.ActiveUsersNamed(h.DB.WithContext(ctx), fs.Borrowers())
	if err != nil {
		return err
	}
	e := models.BookEdit{Copies: fs.Edits(b, byID, borrowers)}
	if f.Errors.Any() || !fs.Valid() {
		return h.renderAdminBookAgain(c, fiber.StatusUnprocessableEntity, adding, &b, f, fs)
	}
	if fields := f.Changed(b, authorID, languageID); adding || len(fields) > 0 {
		edited := f.Book(b.ID, authorID, languageID)
		e.Book, e.GenreIDs, e.BookFields = &edited, f.GenreIDs(), fields
	}
	err = models.SaveBookEdit(ctx, h.DB, e, request.User(c).ID)
	var rowErr *models.RowError
	switch {
	case errors.As(err, &rowErr):
		status, err := h.copyRowFailed(c, &fs, rowErr)
		if err != nil {
			return err
		}
		return h.renderAdminBookAgain(c, status, adding, &b, f, fs)
	case err != nil:
		status, err := h.bookNotSaved(c, &b, &f, err)
		if err != nil {
			return err
		}
		return h.renderAdminBookAgain(c, status, adding, &b, f, fs)
	}
	if e.Book != nil {
		b.ID, b.Title = e.Book.ID, e.Book.Title
	}
	// Copies put on the shelf, or holds sent back to the queue, are served at once.
	if err := h.serveQueues(c, b.ID); err != nil {
		return err
	}
	return h.adminSaved(c, adminModels["book"], adminObject{Key: key(b.ID), Repr: b.Title}, adding)
}

// copyRowFailed records on its row why a copy was not saved, and returns the status to show the
// page again with; an error no row message explains is returned.
func (h *Handlers) copyRowFailed(c *fiber.Ctx, fs *forms.CopyFormset, rowErr *models.RowError) (int, error) {
	switch row := rowErr.Row; {
	case errors.Is(rowErr, models.ErrStale):
		current, err := models.GetBookInstanceForEdit(c.UserContext(), h.DB, fs.Rows[row].CopyID())
		if errors.Is(err, models.ErrNotFound) {
			fs.Gone(row)
			return fiber.StatusConflict, nil
		}
		if err != nil {
			return 0, err
		}
		fs.ChangedMeanwhile(row, current)
		return fiber.StatusConflict, nil
	case errors.Is(rowErr, models.ErrNotFound):
		fs.Gone(row)
		return fiber.StatusConflict, nil
	case errors.Is(rowErr, models.ErrProtected):
		fs.OnLoan(row)
		return fiber.StatusUnprocessableEntity, nil
	case errors.Is(rowErr, models.ErrInvalidChoice):
		fs.ChoiceGone(row)
		return fiber.StatusUnprocessableEntity, nil
	case errors.Is(rowErr, models.ErrReservedByHold):
		fs.ReservedByHold(row)
		return fiber.StatusUnprocessableEntity, nil
	}
	return 0, rowErr.Err
}

// renderAdminBookAgain shows the book page again after a failed save.
func (h *Handlers) renderAdminBookAgain(c *fiber.Ctx, status int, adding bool, b *models.Book, f forms.Book, fs forms.CopyFormset) error {
	if adding {
		b = nil
	}
	return h.renderAdminBook(c, status, b, f, fs)
}

func (h *Handlers) renderAdminBook(c *fiber.Ctx, status int, b *models.Book, f forms.Book, fs forms.CopyFormset) error {
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
	members, err := models.ActiveMembers(ctx, h.DB, suggestedMembers)
	if err != nil {
		return err
	}
	var original *adminObject
	if b != nil {
		original = &adminObject{Key: key(b.ID), Repr: b.Title}
	}
	return h.renderAdminForm(c, status, adminModels["book"], original, Data{"form": f, "formset": fs, "authors": authors,
		"languages": languages, "genres": genres, "members": members, "statuses": models.LoanStatuses, "loan_help": forms.CopyLoanHelp})
}
