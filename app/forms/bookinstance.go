package forms

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// Messages and help of the copy form: a due date and a borrower belong to a copy on loan, and
// only to one.
const (
	LoanNeedsBorrower  = "A copy on loan needs a borrower."
	LoanNeedsDueDate   = "A copy on loan needs a due date."
	ReservedByHoldOnly = "Only a hold sets a copy aside: choose another status, or place a hold for the member."
	BorrowerNotOnLoan  = "Only a copy on loan has a borrower: clear this field, or set the status to On loan."
	DueBackNotOnLoan   = "Only a copy on loan has a due date: clear this field, or set the status to On loan."
	UnknownBorrowerMsg = "There is no active member with that username."
	CopyLoanHelp       = "Only for a copy on loan, and then both are needed. Saving a copy as On loan records a loan; " +
		"saving it with another status closes its open loan, as a check-in does."
)

// BookInstance is the copy form: the book, imprint, status and, for a copy on loan, its
// borrower (a username) and due date. Book holds an id from a select box, or what the librarian
// typed when there are too many books for one (an ISBN, or "Foundation #9" from the
// suggestions).
type BookInstance struct {
	Book, Imprint, Status, DueBack, Borrower string
	Version                                  string
	Errors                                   Errors
	Conflict                                 Conflict
	due                                      *models.Date
	// byISBN marks a form filled from a file's row, whose book is an ISBN (checked by the book
	// form's rule, into isbn).
	byISBN bool
	isbn   string
}

// NewBookInstance reads the submitted copy form.
func NewBookInstance(c *fiber.Ctx) BookInstance {
	return BookInstance{Book: value(c, "book"), Imprint: value(c, "imprint"), Status: value(c, "status"),
		DueBack: value(c, "due_back"), Borrower: value(c, "borrower"), Version: value(c, "version")}
}

// InitialBookInstance is the form for bi as stored (with its book and borrower loaded), or, for
// a new copy, in maintenance (Django's default status) with the book of an "Add a copy" link.
func InitialBookInstance(bi models.BookInstance) BookInstance {
	f := BookInstance{Imprint: bi.Imprint, Status: bi.Status, DueBack: dateText(bi.DueBack), Version: strconv.Itoa(bi.Version)}
	if f.Status == "" {
		f.Status = models.StatusMaintenance
	}
	if bi.BookID != 0 {
		bi.Book.ID = bi.BookID
		f.Book = bi.Book.Ref()
	}
	if bi.Borrower != nil {
		f.Borrower = bi.Borrower.Username
	}
	return f
}

// Validate checks the fields: a book, an imprint (at most 200 characters), one of the four
// statuses, and a borrower and a real due date exactly when the status is On loan. The view then
// looks the book and the borrower up.
func (f *BookInstance) Validate() bool {
	f.Errors = Errors{}
	if f.Book = required(f.Errors, "book", f.Book); f.byISBN && f.Book != "" {
		f.isbn = validISBN(f.Errors, "book", f.Book)
	}
	f.Imprint = required(f.Errors, "imprint", f.Imprint)
	maxLen(f.Errors, "imprint", f.Imprint, 200)
	if f.Status = required(f.Errors, "status", f.Status); f.Status != "" && models.StatusName(f.Status) == "" {
		f.Errors.Add("status", "Select a valid choice. "+f.Status+" is not one of the available choices.")
	}
	f.Borrower = strings.TrimSpace(f.Borrower)
	maxLen(f.Errors, "borrower", f.Borrower, 150)
	f.DueBack = strings.TrimSpace(f.DueBack)
	f.due = date(f.Errors, "due_back", f.DueBack)
	onLoan := f.Status == models.StatusOnLoan
	switch {
	case onLoan && f.Borrower == "":
		f.Errors.Add("borrower", LoanNeedsBorrower)
	case !onLoan && f.Borrower != "":
		f.Errors.Add("borrower", BorrowerNotOnLoan)
	}
	switch {
	case onLoan && f.DueBack == "":
		f.Errors.Add("due_back", LoanNeedsDueDate)
	case !onLoan && f.DueBack != "":
		f.Errors.Add("due_back", DueBackNotOnLoan)
	}
	return !f.Errors.Any()
}

// OnLoan reports whether the copy is to be saved on loan (so the view looks the borrower up).
func (f *BookInstance) OnLoan() bool { return f.Status == models.StatusOnLoan }

// BookInstance returns the copy the valid form describes, of book, lent to borrower (nil unless
// on loan).
func (f *BookInstance) BookInstance(book models.Book, borrower *models.User) models.BookInstance {
	bi := models.BookInstance{BookID: book.ID, Book: book, Imprint: f.Imprint, Status: f.Status, DueBack: f.due,
		Version: version(f.Version)}
	if borrower != nil {
		bi.BorrowerID, bi.Borrower = &borrower.ID, borrower
	}
	return bi
}

// BookSelected reports whether the select box's option id is the book chosen.
func (f BookInstance) BookSelected(id int64) bool { return models.RefID(f.Book) == id }

// StatusIs reports whether code is the status chosen.
func (f BookInstance) StatusIs(code string) bool { return f.Status == code }

// UnknownBook records that the book chosen does not exist (or was deleted meanwhile).
func (f *BookInstance) UnknownBook() {
	if models.RefID(f.Book) != 0 && !models.ValidISBN(models.NormalizeISBN(f.Book)) {
		f.Errors.Add("book", InvalidChoice)
		return
	}
	f.Errors.Add("book", "No book has the ISBN or number “"+f.Book+"”.")
}

// ChoiceGone records that the book or the borrower chosen was deleted while the copy was saved.
func (f *BookInstance) ChoiceGone() {
	f.Errors.Add(NonField, "The book or the borrower you chose was deleted meanwhile: choose again.")
}

// UnknownBorrower records that no active member has the borrower's username.
func (f *BookInstance) UnknownBorrower() { f.Errors.Add("borrower", UnknownBorrowerMsg) }

// Fields lists the form's values under their labels, as saved.
func (f *BookInstance) Fields() []Field {
	return []Field{{"Book", strconv.FormatInt(models.RefID(f.Book), 10)}, {"Imprint", f.Imprint}, {"Status", models.StatusName(f.Status)},
		{"Due back", f.DueBack}, {"Borrower", f.Borrower}}
}

// Changed lists the labels of the fields that differ from the stored copy, given the book the
// form's value was found to be.
func (f *BookInstance) Changed(stored models.BookInstance, bookID int64) []string {
	after := f.Fields()
	after[0].Value = strconv.FormatInt(bookID, 10)
	before := InitialBookInstance(stored)
	return changedLabels(before.Fields(), after)
}

// ChangedMeanwhile turns the form into current, the copy as someone else (or a check-out or
// return) just saved it, keeping the user's values aside in Conflict.
func (f *BookInstance) ChangedMeanwhile(current models.BookInstance) {
	mine := f.Fields()
	*f = InitialBookInstance(current)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, "copy", mine, f.Fields())
	for i := range f.Conflict.Yours {
		if f.Conflict.Yours[i].Label == "Book" {
			f.Conflict.Yours[i].Value = "(a different choice)"
		}
	}
}

// ReservedByHold records that the status Reserved is a hold's to give.
func (f *BookInstance) ReservedByHold() { f.Errors.Add("status", ReservedByHoldOnly) }
