package models

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// CopyEdit is one row of a book's copies edited inline: a new copy (its ID zero), a change to
// one (carrying the version it was read at and the labels of the fields changed), or a delete.
// Row is its place on the page, for errors.
type CopyEdit struct {
	Row    int
	Copy   BookInstance
	Fields []string
	Delete bool
}

// BookEdit is a book and its copies saved from one page: the book's fields (nil when unchanged;
// a new book when its ID is 0, which SaveBookEdit sets), its genres and the labels of its fields
// changed, and the copies added, changed or deleted.
type BookEdit struct {
	Book       *Book
	GenreIDs   []int64
	BookFields []string
	Copies     []CopyEdit
}

// RowError is the failure of one row of a formset (Row counts from 0, as the form's prefixes).
type RowError struct {
	Row int
	Err error
}

func (e *RowError) Error() string { return fmt.Sprintf("row %d: %v", e.Row, e.Err) }

// Unwrap gives the row's own error (ErrStale, ErrProtected, ...).
func (e *RowError) Unwrap() error { return e.Err }

// SaveBookEdit saves e in one transaction with the rules of UpdateBook, CreateBookInstance,
// UpdateBookInstance and DeleteBookInstance: the first failure undoes everything, and a copy's
// failure comes as a *RowError naming its row.
func SaveBookEdit(ctx context.Context, db *gorm.DB, e BookEdit, userID int64) error {
	return Atomically(ctx, db, func(tx *gorm.DB) error {
		switch {
		case e.Book != nil && e.Book.ID == 0:
			if err := CreateBook(ctx, tx, e.Book, e.GenreIDs, Change{UserID: userID}); err != nil {
				return err
			}
		case e.Book != nil:
			if err := UpdateBook(ctx, tx, *e.Book, e.GenreIDs, Change{UserID: userID, Fields: e.BookFields}); err != nil {
				return err
			}
		}
		for _, c := range e.Copies {
			if c.Copy.BookID == 0 && e.Book != nil {
				c.Copy.BookID, c.Copy.Book = e.Book.ID, *e.Book
			}
			ch := Change{UserID: userID, Fields: c.Fields}
			var err error
			switch {
			case c.Delete:
				_, err = DeleteBookInstance(ctx, tx, c.Copy.ID, ch)
			case c.Copy.ID == uuid.Nil:
				bi := c.Copy
				err = CreateBookInstance(ctx, tx, &bi, ch)
			default:
				err = UpdateBookInstance(ctx, tx, c.Copy, ch)
			}
			if err != nil {
				return &RowError{Row: c.Row, Err: err}
			}
		}
		return nil
	})
}

// MaxInlineCopies bounds the copies a book's page edits inline.
const MaxInlineCopies = 1000

// CopiesOf loads the copies of a book with their borrowers, by due date, for its page's inline
// copies: one query, at most MaxInlineCopies.
func CopiesOf(ctx context.Context, db *gorm.DB, bookID int64) ([]BookInstance, error) {
	var copies []BookInstance
	err := db.WithContext(ctx).Joins("Borrower").Where("catalog_bookinstance.book_id = ?", bookID).
		Order(copyOrder).Limit(MaxInlineCopies).Find(&copies).Error
	if err != nil {
		return nil, fmt.Errorf("copies of book %d: %w", bookID, err)
	}
	return copies, nil
}
