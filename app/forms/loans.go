package forms

import (
	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// Django's renewal messages, and the loan periods behind them.
const (
	RenewalInPast    = "Invalid date - renewal in past"
	RenewalTooFar    = "Invalid date - renewal more than 4 weeks ahead"
	RenewalHelp      = "Enter a date between now and 4 weeks (default 3)."
	DefaultLoanWeeks = 3
	MaxLoanWeeks     = 4
)

// DefaultDueDate is today plus three weeks, the initial value of the renewal and check-out forms.
func DefaultDueDate() models.Date { return models.Today().AddDays(7 * DefaultLoanWeeks) }

// dueDate reads a required due date between today and four weeks ahead.
func dueDate(e Errors, field, v string) models.Date {
	v = required(e, field, v)
	if v == "" {
		return models.Date{}
	}
	d := date(e, field, v)
	if d == nil {
		return models.Date{}
	}
	today := models.Today()
	switch {
	case d.Before(today):
		e.Add(field, RenewalInPast)
	case d.After(today.AddDays(7 * MaxLoanWeeks)):
		e.Add(field, RenewalTooFar)
	}
	return *d
}

// RenewBook is Django's RenewBookForm.
type RenewBook struct {
	RenewalDate string
	Date        models.Date
	Errors      Errors
}

// NewRenewBook reads the submitted renewal form.
func NewRenewBook(c *fiber.Ctx) RenewBook {
	return RenewBook{RenewalDate: value(c, "renewal_date")}
}

// InitialRenewBook is the renewal form as first shown: today plus three weeks.
func InitialRenewBook() RenewBook {
	return RenewBook{RenewalDate: DefaultDueDate().String()}
}

// Validate checks the renewal date.
func (f *RenewBook) Validate() bool {
	f.Errors = Errors{}
	f.Date = dueDate(f.Errors, "renewal_date", f.RenewalDate)
	return !f.Errors.Any()
}

// NotOnLoan records that the copy was returned meanwhile, so it cannot be renewed.
func (f *RenewBook) NotOnLoan() {
	f.Errors.Add(NonField, "This copy is not on loan any more, so it cannot be renewed.")
}

// CheckOut lends a copy: the borrower's username and the due date.
type CheckOut struct {
	Borrower string
	DueBack  string
	Date     models.Date
	Errors   Errors
}

// NewCheckOut reads the submitted check-out form.
func NewCheckOut(c *fiber.Ctx) CheckOut {
	return CheckOut{Borrower: value(c, "borrower"), DueBack: value(c, "due_back")}
}

// InitialCheckOut is the check-out form as first shown: due in three weeks.
func InitialCheckOut() CheckOut {
	return CheckOut{DueBack: DefaultDueDate().String()}
}

// Validate checks both fields; the view then looks the borrower up (UnknownBorrower).
func (f *CheckOut) Validate() bool {
	f.Errors = Errors{}
	f.Borrower = required(f.Errors, "borrower", f.Borrower)
	f.Date = dueDate(f.Errors, "due_back", f.DueBack)
	return !f.Errors.Any()
}

// UnknownBorrower records that no active member has the borrower's username.
func (f *CheckOut) UnknownBorrower() {
	f.Errors.Add("borrower", "There is no active member with that username.")
}

// NotAvailable records that the copy was lent meanwhile.
func (f *CheckOut) NotAvailable() {
	f.Errors.Add(NonField, "This copy is not available any more: it may just have been lent by someone else.")
}

// ReservedForOther records that the copy is set aside for another member's hold.
func (f *CheckOut) ReservedForOther() {
	f.Errors.Add("borrower", "This copy is reserved for another member's hold: lend it only to that member.")
}
