package models

import (
	"context"
	"fmt"

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
	return transact(ctx, db, fn)
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

// CopiesWithIDs loads the copies ids with their books and borrowers.
func CopiesWithIDs(ctx context.Context, db *gorm.DB, ids []uuid.UUID) ([]BookInstance, error) {
	return ByIDs[BookInstance](ctx, db, "catalog_bookinstance", ids, copyOrder.sql(false, false), "Book", "Borrower")
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
	err := transact(ctx, db, func(tx *gorm.DB) error {
		// The books first, in id order, then the copies, as the circulation desk locks them.
		if tx.Dialector.Name() == "postgres" {
			err := tx.Exec(`SELECT id FROM catalog_book WHERE id IN (SELECT book_id FROM catalog_bookinstance WHERE id IN ?)
				ORDER BY id FOR NO KEY UPDATE`, ids).Error
			if err != nil {
				return fmt.Errorf("set copies status: %w", err)
			}
		}
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

// logChanges writes the change log entries of copies changed together.
func logChanges(tx *gorm.DB, ch Change, copies []BookInstance) error {
	for _, bi := range copies {
		if err := logAction(tx, ch, ActionChange, ContentBookInstance, bi.ID.String(), bi.String()); err != nil {
			return err
		}
	}
	return nil
}
