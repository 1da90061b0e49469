package forms

import (
	"strings"

	"locallibrary/models"
)

// Django's renewal messages.
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

// Validate checks the renewal date.
func (f *RenewBook) Validate() bool {
	f.Errors = Errors{}
	f.Date = dueDate(f.Errors, "renewal_date", f.RenewalDate)
	return !f.Errors.Any()
}

// CheckOut lends a copy: the borrower's username and the due date.
type CheckOut struct {
	Borrower string
	DueBack  string
	Date     models.Date
	Errors   Errors
}

// Validate checks both fields; the borrower's existence is checked by the view.
func (f *CheckOut) Validate() bool {
	f.Errors = Errors{}
	f.Borrower = required(f.Errors, "borrower", strings.TrimSpace(f.Borrower))
	f.Date = dueDate(f.Errors, "due_back", f.DueBack)
	return !f.Errors.Any()
}
