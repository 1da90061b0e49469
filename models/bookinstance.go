package models

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Loan statuses of a copy, with Django's one-letter codes.
const (
	StatusMaintenance = "d"
	StatusOnLoan      = "o"
	StatusAvailable   = "a"
	StatusReserved    = "r"
)

// LoanStatuses lists the statuses in the order of the Django model's choices.
var LoanStatuses = []struct{ Code, Name string }{
	{StatusMaintenance, "Maintenance"},
	{StatusOnLoan, "On loan"},
	{StatusAvailable, "Available"},
	{StatusReserved, "Reserved"},
}

// StatusName returns the display name of a status code ("" if unknown).
func StatusName(code string) string {
	for _, s := range LoanStatuses {
		if s.Code == code {
			return s.Name
		}
	}
	return ""
}

// StatusCode returns the code of a status given by its code or its name, ignoring case
// ("Available" → "a"), or s itself when it is neither.
func StatusCode(s string) string {
	t := strings.TrimSpace(s)
	for _, st := range LoanStatuses {
		if strings.EqualFold(t, st.Code) || strings.EqualFold(t, st.Name) {
			return st.Code
		}
	}
	return s
}

// BookInstance is a physical copy of a book that can be borrowed.
type BookInstance struct {
	ID         uuid.UUID `gorm:"type:uuid;primaryKey"`
	BookID     int64
	Book       Book
	Imprint    string
	DueBack    *Date
	Status     string
	BorrowerID *int64
	Borrower   *User
	// Version moves on with every change (edits, check-outs, returns, renewals), so that a form
	// saved after any of them is refused.
	Version int `gorm:"default:1"`
}

// copyOrder is BookInstance's Meta.ordering: by due date, copies without one last (as the
// sentinel date, which the ordering indexes hold).
var copyOrder = Ascending("coalesce(catalog_bookinstance.due_back, '9999-12-31')", "catalog_bookinstance.id")

// TableName keeps Django's table name.
func (BookInstance) TableName() string { return "catalog_bookinstance" }

// String returns "id (title)", as the Django model's __str__.
func (bi BookInstance) String() string { return bi.ID.String() + " (" + bi.Book.Title + ")" }

// StatusDisplay returns the status's name (Django's get_status_display).
func (bi BookInstance) StatusDisplay() string { return StatusName(bi.Status) }

// IsAvailable reports whether the copy can be lent now.
func (bi BookInstance) IsAvailable() bool { return bi.Status == StatusAvailable }

// IsOnLoan reports whether the copy is lent to someone.
func (bi BookInstance) IsOnLoan() bool { return bi.Status == StatusOnLoan }

// ErrReservedByHold refuses to make a copy Reserved, or to move a reserved copy to another book,
// other than through a hold: Reserved means set aside for a member's hold.
var ErrReservedByHold = errors.New("only a hold sets a copy aside")

// IsReserved reports whether the copy is set aside for someone.
func (bi BookInstance) IsReserved() bool { return bi.Status == StatusReserved }

// IsMaintenance reports whether the copy is out of circulation for repair.
func (bi BookInstance) IsMaintenance() bool { return bi.Status == StatusMaintenance }

// StatusClass is the text colour of the status: available green, maintenance red, others amber.
func (bi BookInstance) StatusClass() string {
	switch bi.Status {
	case StatusAvailable:
		return "text-success"
	case StatusMaintenance:
		return "text-danger"
	}
	return "text-warning-emphasis"
}

// IsOverdue reports whether the copy has a due date before today.
func (bi BookInstance) IsOverdue() bool {
	return bi.DueBack != nil && bi.DueBack.Before(Today())
}

// ListBookInstances reads a page of copies with their books, ordered by due date.
func ListBookInstances(ctx context.Context, db *gorm.DB, p ListParams) ([]BookInstance, Page, error) {
	db = db.WithContext(ctx)
	return ListPage[BookInstance](copyListing(db, db.Model(&BookInstance{}), CounterTotal(db, 0, copyCounters()...), "Book"), p, "copy list")
}

// copyListing lists the copies keys selects, by due date, with the belongs-to joins named.
func copyListing(db, keys *gorm.DB, total func() (Total, error), joins ...string) Listing {
	rows := db.Model(&BookInstance{})
	for _, j := range joins {
		rows = rows.Joins(j)
	}
	return Listing{Keys: keys, Order: copyOrder, Rows: rows, RowID: "catalog_bookinstance.id", Total: total}
}

// GetBookInstance loads a copy with its book.
func GetBookInstance(ctx context.Context, db *gorm.DB, id uuid.UUID) (BookInstance, error) {
	var bi BookInstance
	return bi, Take(db.WithContext(ctx).Joins("Book").Where("catalog_bookinstance.id = ?", id), &bi, "copy", id)
}

// ListCopiesOf reads a page of the copies of one book, ordered by due date.
func ListCopiesOf(ctx context.Context, db *gorm.DB, bookID int64, p ListParams) ([]BookInstance, Page, error) {
	db = db.WithContext(ctx)
	q := db.Model(&BookInstance{}).Where("catalog_bookinstance.book_id = ?", bookID)
	// One book's copies: counted through the book's index, bounded by the book.
	return ListPage[BookInstance](copyListing(db, q, CountRows(q)), p, "copies of book")
}

// CreateBookInstance inserts bi with a new id; a copy created on loan gets its loan recorded,
// lent by the user who made the change. A book or borrower that does not exist (or was just
// deleted) gives ErrInvalidChoice.
func CreateBookInstance(ctx context.Context, db *gorm.DB, bi *BookInstance, ch Change) error {
	if bi.IsReserved() {
		return ErrReservedByHold
	}
	return transact(ctx, db, func(tx *gorm.DB) error {
		bi.ID, bi.Version = uuid.New(), 1
		if err := tx.Omit(clause.Associations).Create(bi).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create copy")
		}
		if err := syncLoan(tx, BookInstance{ID: bi.ID, Status: StatusMaintenance}, *bi, ch.UserID, time.Now()); err != nil {
			return err
		}
		return logAction(tx, ch, ActionAddition, ContentBookInstance, bi.ID.String(), bi.repr(tx))
	})
}

// UpdateBookInstance saves bi's fields if bi.Version is still the stored one (ErrStale
// otherwise), keeping the loan history in step: putting the copy on loan records a loan, taking
// it off loan closes the open one, a new borrower does both, and a new due date moves the open
// loan's.
func UpdateBookInstance(ctx context.Context, db *gorm.DB, bi BookInstance, ch Change) error {
	return transact(ctx, db, func(tx *gorm.DB) error {
		// The book first, then the copy, as the circulation desk locks them (and the book it
		// moves to, if it does).
		from, err := lockCopyBook(tx, bi.ID)
		if err != nil {
			return err
		}
		if bi.BookID != from {
			if err := lockRow(tx, "catalog_book", bi.BookID); err != nil && !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		var before BookInstance
		// The row lock keeps a check-out or return from slipping in between this read and the
		// update (SQLite's write transactions are serial already).
		q := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Where("id = ?", bi.ID)
		if err := Take(q, &before, "copy", bi.ID); err != nil {
			return err
		}
		if before.Version != bi.Version {
			return ErrStale
		}
		if bi.IsReserved() && (!before.IsReserved() || before.BookID != bi.BookID) {
			return ErrReservedByHold
		}
		err = updateVersioned(tx, "catalog_bookinstance", bi.ID, bi.Version, map[string]any{
			"book_id": bi.BookID, "imprint": bi.Imprint, "due_back": dateValue(bi.DueBack),
			"status": bi.Status, "borrower_id": bi.BorrowerID})
		if err != nil {
			return err
		}
		if err := syncLoan(tx, before, bi, ch.UserID, time.Now()); err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentBookInstance, bi.ID.String(), bi.repr(tx))
	})
}

// DeleteBookInstance deletes a copy that is not on loan (its loan history goes with it) and
// returns it; a copy on loan gives ErrProtected.
func DeleteBookInstance(ctx context.Context, db *gorm.DB, id uuid.UUID, ch Change) (BookInstance, error) {
	var bi BookInstance
	err := transact(ctx, db, func(tx *gorm.DB) error {
		if _, err := lockCopyBook(tx, id); err != nil {
			return err
		}
		if err := Take(tx.Joins("Book").Where("catalog_bookinstance.id = ?", id), &bi, "copy", id); err != nil {
			return err
		}
		res := tx.Exec("DELETE FROM catalog_bookinstance WHERE id = ? AND status <> ?", id, StatusOnLoan)
		if res.Error != nil {
			return constraintError(tx, res.Error, ErrProtected, "delete copy")
		}
		if res.RowsAffected == 0 {
			return ErrProtected
		}
		return logAction(tx, ch, ActionDeletion, ContentBookInstance, id.String(), bi.String())
	})
	return bi, err
}

// repr is the copy's String for the change log, with its book's title read in tx when the
// copy was saved without it.
func (bi BookInstance) repr(tx *gorm.DB) string {
	if bi.Book.ID == bi.BookID && bi.Book.Title != "" {
		return bi.String()
	}
	var b Book
	if err := tx.Select("id", "title").Where("id = ?", bi.BookID).Take(&b).Error; err == nil {
		bi.Book = b
	}
	return bi.String()
}

// GetBookInstanceForEdit loads a copy with its book and borrower.
func GetBookInstanceForEdit(ctx context.Context, db *gorm.DB, id uuid.UUID) (BookInstance, error) {
	var bi BookInstance
	q := db.WithContext(ctx).Joins("Book").Joins("Borrower").Where("catalog_bookinstance.id = ?", id)
	return bi, Take(q, &bi, "copy", id)
}

// BookInstanceFilter selects the copies of the admin's copy list and of the copies CSV export:
// a text matched against the book (as the catalog search), the imprint, the borrower's username
// and the copy's id; a status; a book; and due dates in [DueFrom, DueBefore), or (HasDue) with
// or without one.
type BookInstanceFilter struct {
	Q                  string
	Status             string
	BookID             int64
	DueFrom, DueBefore *Date
	HasDue             *bool
}

// Scope adds the filter's conditions to a query on catalog_bookinstance.
func (f BookInstanceFilter) Scope() func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			like := likeEscape(text)
			cond := fresh(q).Where("catalog_bookinstance.book_id IN (?)", Search{Q: text}.matchingBooks(fresh(q))).
				Or(contains("catalog_bookinstance.imprint"), like).
				Or("catalog_bookinstance.borrower_id IN (?)", fresh(q).Table("auth_user").Select("id").Where(contains("username"), like))
			if id, err := uuid.Parse(text); err == nil {
				cond = cond.Or("catalog_bookinstance.id = ?", id)
			}
			q = q.Where(cond)
		}
		if f.Status != "" {
			q = q.Where("catalog_bookinstance.status = ?", f.Status)
		}
		if f.BookID != 0 {
			q = q.Where("catalog_bookinstance.book_id = ?", f.BookID)
		}
		if f.DueFrom != nil {
			q = q.Where("catalog_bookinstance.due_back >= ?", *f.DueFrom)
		}
		if f.DueBefore != nil {
			q = q.Where("catalog_bookinstance.due_back < ?", *f.DueBefore)
		}
		switch {
		case f.HasDue != nil && *f.HasDue:
			q = q.Where("catalog_bookinstance.due_back IS NOT NULL")
		case f.HasDue != nil:
			q = q.Where("catalog_bookinstance.due_back IS NULL")
		}
		return q
	}
}

// BookInstanceColumns are the columns of the admin's copy list.
// A status sorts its copies by due date, which the index on status and due date serves, as it
// serves the copies of one status. The book and the borrower are joined: sorted by them, the list
// reads by OFFSET.
var BookInstanceColumns = []Column{
	{"Book", []string{`"Book".title`}, nil, false},
	{"Status", []string{"catalog_bookinstance.status"}, []string{"catalog_bookinstance.status", copyOrder[0].Expr}, false},
	{"Due back", []string{"catalog_bookinstance.due_back"}, []string{copyOrder[0].Expr}, true},
	{"Borrower", []string{`"Borrower".username`}, nil, true},
	{"Id", []string{"catalog_bookinstance.id"}, []string{"catalog_bookinstance.id"}, false},
}

// BookInstanceChangeList reads a page of the copies f selects, ordered by keys over
// BookInstanceColumns, with their books and borrowers: two statements whatever the page size.
// Unsearched, and filtered by a status at most, it is totalled by the copies' counters; the
// copies of one book are counted (bounded by the book); a search counts its matches through the
// indexes (searched).
func BookInstanceChangeList(ctx context.Context, db *gorm.DB, f BookInstanceFilter, keys []SortKey, p ListParams) ([]BookInstance, Page, error) {
	db = db.WithContext(ctx)
	q := db.Model(&BookInstance{}).Scopes(f.Scope())
	cl := changeList{keys: q, inner: []string{"Book"}, joins: []string{"Borrower"}, rowID: "catalog_bookinstance.id", cols: BookInstanceColumns, def: copyOrder}
	if text := searchText(f.Q); text != "" {
		var err error
		if cl, err = f.searched(db, cl, text); err != nil {
			return nil, Page{}, wrapList("admin copy list", err)
		}
		return readChangeList[BookInstance](cl, keys, p, "admin copy list")
	}
	switch {
	case f == BookInstanceFilter{}:
		cl.total = CounterTotal(db, 0, copyCounters()...)
	case f == BookInstanceFilter{Status: f.Status}:
		cl.total = CounterTotal(db, 0, counterCopies+f.Status)
	case f == BookInstanceFilter{BookID: f.BookID}:
		cl.total = CountRows(q)
	}
	return readChangeList[BookInstance](cl, keys, p, "admin copy list")
}
