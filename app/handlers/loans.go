package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/forms"
	"locallibrary/app/request"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// LoanedBooksByUser lists the copies the logged-in member has on loan (Django's
// LoanedBooksByUserListView).
func (h *Handlers) LoanedBooksByUser(c *fiber.Ctx) error {
	copies, page, err := models.ListBorrowedBy(c.UserContext(), h.DB, request.User(c).ID, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_list_borrowed_user", Data{"title": "My borrowed books", "bookinstance_list": copies, "page_obj": page})
}

// AllBorrowed lists every copy on loan with its borrower, for librarians.
func (h *Handlers) AllBorrowed(c *fiber.Ctx) error {
	copies, page, err := models.ListAllBorrowed(c.UserContext(), h.DB, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/bookinstance_list_borrowed_all", Data{"title": "All borrowed books", "bookinstance_list": copies, "page_obj": page})
}

// RenewBookLibrarianForm shows the renewal form with today + 3 weeks (Django's
// renew_book_librarian, GET).
func (h *Handlers) RenewBookLibrarianForm(c *fiber.Ctx) error {
	bi, err := h.bookInstance(c)
	if err != nil {
		return err
	}
	return h.renderRenew(c, fiber.StatusOK, bi, forms.InitialRenewBook())
}

// RenewBookLibrarian saves a valid renewal date and goes back to all-borrowed.
func (h *Handlers) RenewBookLibrarian(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bi, err := h.bookInstance(c)
	if err != nil {
		return err
	}
	f := forms.NewRenewBook(c)
	if !f.Validate() {
		return h.renderRenew(c, fiber.StatusUnprocessableEntity, bi, f)
	}
	err = models.Renew(ctx, h.DB, bi.ID, f.Date)
	if errors.Is(err, models.ErrNotOnLoan) {
		f.NotOnLoan()
		return h.renderRenew(c, fiber.StatusConflict, bi, f)
	}
	if err != nil {
		return err
	}
	sessions.From(c).AddFlash("Renewed “" + bi.Book.Title + "” until " + f.Date.Display() + ".")
	return h.redirect(c, fiber.StatusSeeOther, "all-borrowed")
}

func (h *Handlers) renderRenew(c *fiber.Ctx, status int, bi models.BookInstance, f forms.RenewBook) error {
	borrower := ""
	if bi.BorrowerID != nil {
		u, err := models.GetUser(c.UserContext(), h.DB, *bi.BorrowerID)
		if err != nil {
			return err
		}
		borrower = u.Username
	}
	return h.render(c, status, "catalog/book_renew_librarian", Data{
		"title": "Renew: " + bi.Book.Title, "book_instance": bi, "borrower": borrower, "form": f, "help": forms.RenewalHelp})
}

// CheckOutBookInstance lends an available copy to an active member.
func (h *Handlers) CheckOutBookInstance(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bi, err := h.bookInstance(c)
	if err != nil {
		return err
	}
	f := forms.NewCheckOut(c)
	var borrower models.User
	if f.Validate() {
		borrower, err = models.GetUserByUsername(ctx, h.DB, f.Borrower)
		if errors.Is(err, models.ErrNotFound) || (err == nil && !borrower.IsActive) {
			f.UnknownBorrower()
		} else if err != nil {
			return err
		}
	}
	if f.Errors.Any() {
		return h.renderCopy(c, fiber.StatusUnprocessableEntity, bi, f)
	}
	err = models.CheckOut(ctx, h.DB, bi.ID, borrower.ID, request.User(c).ID, f.Date, h.holdRules(), time.Now())
	if errors.Is(err, models.ErrNotAvailable) || errors.Is(err, models.ErrReservedForOther) {
		if errors.Is(err, models.ErrReservedForOther) {
			f.ReservedForOther()
		} else {
			f.NotAvailable()
		}
		fresh, ferr := models.GetBookInstance(ctx, h.DB, bi.ID)
		if ferr != nil {
			return ferr
		}
		return h.renderCopy(c, fiber.StatusConflict, fresh, f)
	}
	if err != nil {
		return err
	}
	sessions.From(c).AddFlash("Lent “" + bi.Book.Title + "” to " + borrower.Username + " until " + f.Date.Display() + ".")
	return h.redirect(c, fiber.StatusSeeOther, "bookinstance-detail", bi.ID)
}

// CheckInBookInstance marks a copy on loan as returned.
func (h *Handlers) CheckInBookInstance(c *fiber.Ctx) error {
	ctx := c.UserContext()
	bi, err := h.bookInstance(c)
	if err != nil {
		return err
	}
	reserved, err := models.CheckIn(ctx, h.DB, bi.ID, request.User(c).ID, h.holdRules(), time.Now())
	if errors.Is(err, models.ErrNotOnLoan) {
		sessions.From(c).AddFlash("“" + bi.Book.Title + "” was not on loan: nothing to return.")
		return h.redirect(c, fiber.StatusSeeOther, "bookinstance-detail", bi.ID)
	}
	if err != nil {
		return err
	}
	if reserved {
		sessions.From(c).AddFlash("Returned “" + bi.Book.Title + "”: the copy is reserved for the next member waiting for it.")
	} else {
		sessions.From(c).AddFlash("Returned “" + bi.Book.Title + "”: the copy is available again.")
	}
	return h.redirect(c, fiber.StatusSeeOther, "bookinstance-detail", bi.ID)
}

// MyLoans is the logged-in member's loan history.
func (h *Handlers) MyLoans(c *fiber.Ctx) error {
	return h.userLoans(c, request.User(c))
}

// UserLoans is one member's loan history: for librarians, or for that member.
func (h *Handlers) UserLoans(c *fiber.Ctx) error {
	id, err := request.ID(c, "id")
	if err != nil {
		return err
	}
	me := request.User(c)
	if me.ID != id && !request.Perms(c).CanMarkReturned() {
		return fiber.ErrForbidden
	}
	u, err := models.GetUser(c.UserContext(), h.DB, id)
	if err != nil {
		return err
	}
	return h.userLoans(c, &u)
}

func (h *Handlers) userLoans(c *fiber.Ctx, u *models.User) error {
	loans, page, err := models.ListUserLoans(c.UserContext(), h.DB, u.ID, listParams(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, "catalog/loan_list", Data{"title": "Loans of " + u.Username, "member": u, "loan_list": loans, "page_obj": page})
}
