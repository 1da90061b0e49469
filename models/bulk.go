package models

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MaxSelected bounds the objects one bulk action of the admin works on.
const MaxSelected = 1000

// Atomically runs fn in one transaction, so that the model functions it calls for each object
// of a bulk action (DeleteAuthor, DeleteBook, ...) all take effect or none does. Their own
// transactions become savepoints inside it.
func Atomically(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return db.WithContext(ctx).Transaction(fn)
}

// ByIDs loads the rows of T whose ids are ids, with the belongs-to joins named, in one
// statement, ordered by order.
func ByIDs[T any](ctx context.Context, db *gorm.DB, table string, ids any, order string, joins ...string) ([]T, error) {
	var rows []T
	q := db.WithContext(ctx).Model(new(T)).Where(table+".id IN ?", ids)
	for _, j := range joins {
		q = q.Joins(j)
	}
	if err := q.Order(order).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("%s by id: %w", table, err)
	}
	return rows, nil
}

// CopiesByID loads the copies ids with their books and borrowers.
func CopiesByID(ctx context.Context, db *gorm.DB, ids []uuid.UUID) ([]BookInstance, error) {
	return ByIDs[BookInstance](ctx, db, "catalog_bookinstance", ids, copyOrder, "Book", "Borrower")
}

// SetCopiesStatus gives the copies ids the status (Available or Maintenance) and records each
// change, in one transaction. Copies on loan are left as they are (they are checked in first,
// which closes their loans); so are those that already have the status. It returns the copies
// changed.
func SetCopiesStatus(ctx context.Context, db *gorm.DB, ids []uuid.UUID, status string, ch Change) ([]BookInstance, error) {
	if status != StatusAvailable && status != StatusMaintenance {
		return nil, fmt.Errorf("set copies status: %q is not Available or Maintenance", status)
	}
	var changed []BookInstance
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The row locks keep a check-out from slipping in between this read and the update.
		q := tx.Clauses(clause.Locking{Strength: "UPDATE", Table: clause.Table{Name: "catalog_bookinstance"}}).Joins("Book").
			Where("catalog_bookinstance.id IN ? AND catalog_bookinstance.status NOT IN ?", ids, []string{StatusOnLoan, status})
		if err := q.Order(copyOrder).Find(&changed).Error; err != nil {
			return fmt.Errorf("set copies status: %w", err)
		}
		if len(changed) == 0 {
			return nil
		}
		keys := make([]uuid.UUID, len(changed))
		for i := range changed {
			keys[i] = changed[i].ID
			changed[i].Status = status
		}
		err := tx.Exec(`UPDATE catalog_bookinstance SET status = ?, borrower_id = NULL, due_back = NULL, version = version + 1
			WHERE id IN ?`, status, keys).Error
		if err != nil {
			return fmt.Errorf("set copies status: %w", err)
		}
		ch.Fields = []string{"Status"}
		return logChanges(tx, ch, changed)
	})
	return changed, err
}

// logChanges writes the change log entries of copies changed together, in one statement.
func logChanges(tx *gorm.DB, ch Change, copies []BookInstance) error {
	msg, err := changeMessageJSON(ch)
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	entries := make([]LogEntry, len(copies))
	for i, bi := range copies {
		entries[i] = LogEntry{ActionTime: now, ContentType: ContentBookInstance, ObjectID: bi.ID.String(),
			ObjectRepr: truncate(bi.String(), 200), ActionFlag: ActionChange, ChangeMessage: msg}
		if ch.UserID != 0 {
			entries[i].UserID = &ch.UserID
		}
	}
	if err := tx.Omit("User").Create(&entries).Error; err != nil {
		return fmt.Errorf("log copies: %w", err)
	}
	return nil
}

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
