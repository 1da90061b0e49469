package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/models"
)

// BookInstanceCreateForm shows the empty copy form; ?book= (from a book's page) fills the book in.
func (h *Handlers) BookInstanceCreateForm(c *fiber.Ctx) error {
	var bi models.BookInstance
	if id, err := strconv.ParseInt(c.Query("book"), 10, 64); err == nil && id > 0 {
		b, err := models.LookupBook(c.UserContext(), h.DB, strconv.FormatInt(id, 10))
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
		bi.BookID, bi.Book = b.ID, b
	}
	return h.renderCopyForm(c, fiber.StatusOK, nil, forms.InitialBookInstance(bi))
}

// BookInstanceCreate saves a new copy (recording its loan when it is created on loan) and shows
// it.
func (h *Handlers) BookInstanceCreate(c *fiber.Ctx) error {
	f := forms.NewBookInstance(c)
	var bi models.BookInstance
	switch status, err := h.saveCopy(c, &bi, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderCopyForm(c, status, nil, f)
	}
	return h.saved(c, "Copy created.", "bookinstance-detail", bi.ID)
}

// BookInstanceUpdateForm shows the copy form with the copy's stored values.
func (h *Handlers) BookInstanceUpdateForm(c *fiber.Ctx) error {
	bi, err := h.copyForEdit(c)
	if err != nil {
		return err
	}
	return h.renderCopyForm(c, fiber.StatusOK, &bi, forms.InitialBookInstance(bi))
}

// BookInstanceUpdate saves the copy form, keeping the loan history in step, unless the copy
// changed (or was lent or returned) since the form was opened.
func (h *Handlers) BookInstanceUpdate(c *fiber.Ctx) error {
	bi, err := h.copyForEdit(c)
	if err != nil {
		return err
	}
	f := forms.NewBookInstance(c)
	switch status, err := h.saveCopy(c, &bi, &f); {
	case err != nil:
		return err
	case status != 0:
		return h.renderCopyForm(c, status, &bi, f)
	}
	return h.saved(c, "Copy updated.", "bookinstance-detail", bi.ID)
}

// saveCopy validates f, looks up its book and borrower, and saves it as bi (a new copy when
// bi.ID is zero), recording who did it and keeping the loan history in step. It returns 0 once
// saved, or the status to show the form again with: 422 when f is invalid or a choice unknown,
// 409 when the copy changed since the form was opened (bi is then the saved version).
func (h *Handlers) saveCopy(c *fiber.Ctx, bi *models.BookInstance, f *forms.BookInstance) (int, error) {
	ctx := c.UserContext()
	book, borrower, err := h.checkCopy(c, f)
	if err != nil {
		return 0, err
	}
	if f.Errors.Any() {
		return fiber.StatusUnprocessableEntity, nil
	}
	edited := f.BookInstance(book, borrower)
	oldBook := bi.BookID
	if bi.ID == uuid.Nil {
		if err = models.CreateBookInstance(ctx, h.DB, &edited, change(c)); err == nil {
			*bi = edited
		}
	} else {
		edited.ID = bi.ID
		if err = models.UpdateBookInstance(ctx, h.DB, edited, change(c, f.Changed(*bi, book.ID)...)); err == nil {
			*bi = edited
		}
	}
	switch {
	case errors.Is(err, models.ErrStale):
		current, err := models.GetBookInstanceForEdit(ctx, h.DB, bi.ID)
		if err != nil {
			return 0, err
		}
		*bi = current
		f.ChangedMeanwhile(current)
		return fiber.StatusConflict, nil
	case errors.Is(err, models.ErrInvalidChoice):
		f.ChoiceGone()
		return fiber.StatusUnprocessableEntity, nil
	case errors.Is(err, models.ErrReservedByHold):
		f.ReservedByHold()
		return fiber.StatusUnprocessableEntity, nil
	case err == nil:
		// A copy put on the shelf, or a hold sent back to the queue by the edit, is served at
		// once, as a check-in is: in the copy's book and in the one it left.
		err = h.serveQueues(c, oldBook, bi.BookID)
	}
	return 0, err
}

// serveQueues sets aside the available copies of books for their waiting holds.
func (h *Handlers) serveQueues(c *fiber.Ctx, books ...int64) error {
	served := map[int64]bool{}
	for _, id := range books {
		if id == 0 || served[id] {
			continue
		}
		served[id] = true
		if _, err := models.ServeQueue(c.UserContext(), h.DB, id, h.holdRules().PickupDays, time.Now()); err != nil {
			return err
		}
	}
	return nil
}

// checkCopy validates the form, then looks up its book and, for a copy on loan, its borrower (an
// active member).
func (h *Handlers) checkCopy(c *fiber.Ctx, f *forms.BookInstance) (models.Book, *models.User, error) {
	ctx := c.UserContext()
	var book models.Book
	var err error
	if f.Validate(); !f.Errors.Has("book") {
		book, err = models.LookupBook(ctx, h.DB, f.Book)
		switch {
		case errors.Is(err, models.ErrNotFound):
			f.UnknownBook()
		case err != nil:
			return book, nil, err
		}
	}
	if !f.OnLoan() || f.Errors.Has("borrower") {
		return book, nil, nil
	}
	u, err := models.GetUserByUsername(ctx, h.DB, f.Borrower)
	switch {
	case errors.Is(err, models.ErrNotFound) || (err == nil && !u.IsActive):
		f.UnknownBorrower()
		return book, nil, nil
	case err != nil:
		return book, nil, err
	}
	return book, &u, nil
}

func (h *Handlers) renderCopyForm(c *fiber.Ctx, status int, bi *models.BookInstance, f forms.BookInstance) error {
	ctx := c.UserContext()
	books, err := models.BookChoices(ctx, h.DB)
	if err != nil {
		return err
	}
	members, err := models.ActiveMembers(ctx, h.DB, suggestedMembers)
	if err != nil {
		return err
	}
	title := "Create copy"
	if bi != nil {
		title = "Update copy: " + bi.String()
	}
	return h.render(c, status, "catalog/bookinstance_form", Data{"title": title, "bookinstance": bi, "form": f,
		"books": books, "members": members, "statuses": models.LoanStatuses, "loan_help": forms.CopyLoanHelp})
}

// BookInstanceDeleteConfirm asks to confirm the delete, or says that a copy on loan must be
// checked in first.
func (h *Handlers) BookInstanceDeleteConfirm(c *fiber.Ctx) error {
	bi, err := h.copyForEdit(c)
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_confirm_delete", Data{"title": "Delete copy: " + bi.String(), "bookinstance": bi})
}

// BookInstanceDelete deletes a copy that is not on loan, with its loan history, and goes to the
// copy list.
func (h *Handlers) BookInstanceDelete(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, err := request.UUID(c, "id")
	if err != nil {
		return err
	}
	bi, err := models.DeleteBookInstance(ctx, h.DB, id, change(c))
	if errors.Is(err, models.ErrProtected) {
		if bi, err = models.GetBookInstanceForEdit(ctx, h.DB, id); err != nil {
			return err
		}
		return h.render(c, fiber.StatusConflict, "catalog/bookinstance_confirm_delete", Data{"title": "Delete copy: " + bi.String(), "bookinstance": bi})
	}
	if err != nil {
		return err
	}
	// A hold whose copy went back to the queue may be served by another copy.
	if err := h.serveQueues(c, bi.BookID); err != nil {
		return err
	}
	return h.saved(c, "Copy deleted: "+bi.String()+".", "bookinstances")
}

// copyForEdit loads the copy the URL's :id names, with its book and borrower.
func (h *Handlers) copyForEdit(c *fiber.Ctx) (models.BookInstance, error) {
	id, err := request.UUID(c, "id")
	if err != nil {
		return models.BookInstance{}, err
	}
	return models.GetBookInstanceForEdit(c.UserContext(), h.DB, id)
}
