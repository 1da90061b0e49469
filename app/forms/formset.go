package forms

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/models"
)

// copiesPrefix prefixes the fields of a book's copies edited inline, as Django's inline formset
// of BookInstance on Book names them: bookinstance_set-TOTAL_FORMS, bookinstance_set-0-imprint.
const copiesPrefix = "bookinstance_set"

// MaxFormsetRows bounds the rows of a formset, as Django's absolute_max.
const MaxFormsetRows = 1000

// ExtraCopyRows is the number of blank rows offered for new copies.
const ExtraCopyRows = 2

// Messages of the copies formset.
const (
	CopyGone          = "This copy was deleted by someone else meanwhile: saving this row adds it again."
	CopyOnLoanDelete  = "You can't delete this copy while it is on loan: check it in first."
	TooManyRows       = "Please submit at most 1000 forms."
	CopyFormsetBroken = "The list of copies was not sent whole: reload the page and try again."
)

// CopyRow is one row of the copies formset: the copy form under the row's prefix, the copy's id
// ("" for a new copy) and whether it is ticked for deletion.
type CopyRow struct {
	Prefix string
	ID     string
	Delete bool
	Form   BookInstance
	// Row is the row's number, in the prefix and in errors.
	Row int
	id  uuid.UUID
}

// Field returns the name of one of the row's inputs ("bookinstance_set-0-imprint").
func (r CopyRow) Field(name string) string { return r.Prefix + "-" + name }

// CopyID is the id of the row's stored copy (after Validate; zero for a new copy).
func (r CopyRow) CopyID() uuid.UUID { return r.id }

// Existing reports whether the row is a stored copy.
func (r CopyRow) Existing() bool { return r.ID != "" }

// CopyFormset is the book's copies edited inline on the admin's book page.
type CopyFormset struct {
	Rows []CopyRow
	// Errors holds the errors of the whole formset (NonField).
	Errors Errors
}

// TotalField and InitialField are the names of the formset's management inputs.
func (CopyFormset) TotalField() string { return copiesPrefix + "-TOTAL_FORMS" }

// InitialField is the name of the input counting the stored copies.
func (CopyFormset) InitialField() string { return copiesPrefix + "-INITIAL_FORMS" }

// Initial is the number of rows holding stored copies.
func (f CopyFormset) Initial() int {
	n := 0
	for _, r := range f.Rows {
		if r.Existing() {
			n++
		}
	}
	return n
}

func newRow(i int) CopyRow { return CopyRow{Prefix: copiesPrefix + "-" + strconv.Itoa(i), Row: i} }

// InitialCopyFormset is the formset of the book's stored copies (with their borrowers), then
// ExtraCopyRows blank rows.
func InitialCopyFormset(book models.Book, copies []models.BookInstance) CopyFormset {
	f := CopyFormset{Errors: Errors{}}
	for _, bi := range copies {
		r := newRow(len(f.Rows))
		bi.Book = book
		r.ID, r.id, r.Form = bi.ID.String(), bi.ID, InitialBookInstance(bi)
		f.Rows = append(f.Rows, r)
	}
	return f.withExtraRows(book)
}

func (f CopyFormset) withExtraRows(book models.Book) CopyFormset {
	for range ExtraCopyRows {
		r := newRow(len(f.Rows))
		r.Form = InitialBookInstance(models.BookInstance{BookID: book.ID, Book: book})
		f.Rows = append(f.Rows, r)
	}
	return f
}

// NewCopyFormset reads the submitted copies of book.
func NewCopyFormset(c *fiber.Ctx, book models.Book) CopyFormset {
	f := CopyFormset{Errors: Errors{}}
	total, err := strconv.Atoi(strings.TrimSpace(value(c, f.TotalField())))
	switch {
	case err != nil || total < 0:
		f.Errors.Add(NonField, CopyFormsetBroken)
		return f
	case total > MaxFormsetRows:
		f.Errors.Add(NonField, TooManyRows)
		return f
	}
	for i := range total {
		r := newRow(i)
		r.ID = strings.TrimSpace(value(c, r.Field("id")))
		r.Delete = value(c, r.Field("DELETE")) != ""
		r.Form = BookInstance{Book: strconv.FormatInt(book.ID, 10), Imprint: value(c, r.Field("imprint")),
			Status: value(c, r.Field("status")), DueBack: value(c, r.Field("due_back")),
			Borrower: value(c, r.Field("borrower")), Version: value(c, r.Field("version"))}
		f.Rows = append(f.Rows, r)
	}
	return f
}

// blank reports whether a new row was left as offered, so that it adds nothing.
func (r CopyRow) blank() bool {
	f := r.Form
	return r.ID == "" && strings.TrimSpace(f.Imprint) == "" && strings.TrimSpace(f.DueBack) == "" &&
		strings.TrimSpace(f.Borrower) == "" && (f.Status == "" || f.Status == models.StatusMaintenance)
}

// Validate checks every row that adds, changes or deletes a copy with the copy form's rules, and
// that each stored row names a copy of this book (stored, by id) once. The view then looks the
// borrowers up.
func (f *CopyFormset) Validate(stored map[uuid.UUID]models.BookInstance) bool {
	seen := map[uuid.UUID]bool{}
	for i := range f.Rows {
		r := &f.Rows[i]
		r.Form.Errors = Errors{}
		if r.ID != "" {
			id, err := uuid.Parse(r.ID)
			if _, ok := stored[id]; err != nil || !ok || seen[id] {
				r.Form.Errors.Add(NonField, InvalidChoice)
				continue
			}
			r.id, seen[id] = id, true
		}
		if r.blank() || r.Delete {
			continue
		}
		r.Form.Validate()
	}
	return f.Valid()
}

// Valid reports whether neither the formset nor any row has an error.
func (f *CopyFormset) Valid() bool {
	if f.Errors.Any() {
		return false
	}
	for _, r := range f.Rows {
		if r.Form.Errors.Any() {
			return false
		}
	}
	return true
}

// Borrowers lists the usernames the rows lend copies to, to look up in one query.
func (f *CopyFormset) Borrowers() []string {
	var names []string
	for _, r := range f.Rows {
		if !r.Delete && !r.blank() && r.Form.OnLoan() && r.Form.Borrower != "" {
			names = append(names, r.Form.Borrower)
		}
	}
	return names
}

// Edits are the copies to add, change and delete: rows left blank or unchanged save nothing, nor
// do rows already refused. borrowers holds the active members the rows name, by models.NameKey
// of their usernames (UnknownBorrower is recorded on a row whose borrower is missing).
func (f *CopyFormset) Edits(book models.Book, stored map[uuid.UUID]models.BookInstance, borrowers map[string]models.User) []models.CopyEdit {
	var edits []models.CopyEdit
	for i := range f.Rows {
		r := &f.Rows[i]
		if r.blank() || r.Form.Errors.Any() {
			continue
		}
		if r.Delete {
			if r.ID != "" {
				edits = append(edits, models.CopyEdit{Row: r.Row, Copy: stored[r.id], Delete: true})
			}
			continue
		}
		var borrower *models.User
		if r.Form.OnLoan() {
			u, ok := borrowers[models.NameKey(r.Form.Borrower)]
			if !ok {
				r.Form.UnknownBorrower()
				continue
			}
			borrower = &u
		}
		bi := r.Form.BookInstance(book, borrower)
		if r.ID == "" {
			edits = append(edits, models.CopyEdit{Row: r.Row, Copy: bi})
			continue
		}
		bi.ID = r.id
		if changed := r.Form.Changed(stored[r.id], book.ID); len(changed) > 0 {
			edits = append(edits, models.CopyEdit{Row: r.Row, Copy: bi, Fields: changed})
		}
	}
	return edits
}

// ChangedMeanwhile turns row into current, the copy as someone else just saved it, listing the
// values typed in the row's Conflict.
func (f *CopyFormset) ChangedMeanwhile(row int, current models.BookInstance) {
	r := &f.Rows[row]
	r.Form.ChangedMeanwhile(current)
}

// Gone records that the copy of row was deleted meanwhile: the row becomes a new copy with the
// values typed.
func (f *CopyFormset) Gone(row int) {
	r := &f.Rows[row]
	r.ID, r.id, r.Delete = "", uuid.Nil, false
	r.Form.Errors.Add(NonField, CopyGone)
}

// OnLoan records that the copy of row, ticked for deletion, is on loan.
func (f *CopyFormset) OnLoan(row int) { f.Rows[row].Form.Errors.Add(NonField, CopyOnLoanDelete) }

// ReservedByHold records that row asked for the status Reserved, which a hold gives.
func (f *CopyFormset) ReservedByHold(row int) { f.Rows[row].Form.ReservedByHold() }

// ChoiceGone records that the borrower of row was deleted while the copies were saved.
func (f *CopyFormset) ChoiceGone(row int) { f.Rows[row].Form.ChoiceGone() }
