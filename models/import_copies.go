package models

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CopiesByID loads the copies with these ids with their borrowers, locked until the import's
// transaction ends (as UpdateBookInstance locks the one it edits), keyed by id.
func CopiesByID(tx *gorm.DB, ids []uuid.UUID) (map[uuid.UUID]BookInstance, error) {
	found := make(map[uuid.UUID]BookInstance, len(ids))
	err := batches(ids, 1, func(batch []uuid.UUID) error {
		var rows []BookInstance
		err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Preload("Borrower").Where("id IN ?", batch).Find(&rows).Error
		if err != nil {
			return fmt.Errorf("copies by id: %w", err)
		}
		for _, bi := range rows {
			found[bi.ID] = bi
		}
		return nil
	})
	return found, err
}

// ActiveUsersNamed finds the active users with these usernames, ignoring case, by NameKey.
func ActiveUsersNamed(tx *gorm.DB, usernames []string) (map[string]User, error) {
	keys := make([]string, len(usernames))
	for i, n := range usernames {
		keys[i] = NameKey(n)
	}
	found := make(map[string]User, len(usernames))
	err := batches(keys, 1, func(batch []string) error {
		var rows []User
		if err := tx.Where("casefold(username) IN ? AND is_active", batch).Find(&rows).Error; err != nil {
			return fmt.Errorf("users by username: %w", err)
		}
		for _, u := range rows {
			found[NameKey(u.Username)] = u
		}
		return nil
	})
	return found, err
}

// CopyImport is a copy an import writes: as it was (nil for a new copy), as it is to be, and
// for a change the labels of the fields that changed.
type CopyImport struct {
	Before *BookInstance
	After  BookInstance
	Fields []string
}

// CreateCopies adds the copies with the ids they carry and logs each; a copy created on loan
// gets its loan recorded, lent by the importing user, as CreateBookInstance does.
func CreateCopies(tx *gorm.DB, copies []CopyImport, ch Change) error {
	rows := make([][]any, len(copies))
	actions := make([]logged, len(copies))
	for i, c := range copies {
		bi := c.After
		rows[i] = []any{bi.ID, bi.BookID, bi.Imprint, dateValue(bi.DueBack), bi.Status, bi.BorrowerID, 1}
		actions[i] = logged{flag: ActionAddition, contentType: ContentBookInstance, objectID: bi.ID.String(), repr: bi.String()}
	}
	cols := []string{"id", "book_id", "imprint", "due_back", "status", "borrower_id", "version"}
	if err := insertRows(tx, "catalog_bookinstance", cols, rows, "", nil); err != nil {
		return err
	}
	if err := openLoans(tx, copies, ch.UserID, time.Now()); err != nil {
		return err
	}
	return logActions(tx, ch, actions)
}

// openLoans records the loans of new copies created on loan, lent by librarianID at now: what
// syncLoan records for them, in multi-row statements (a new copy has no loan to close).
func openLoans(tx *gorm.DB, copies []CopyImport, librarianID int64, now time.Time) error {
	var rows [][]any
	for _, c := range copies {
		if bi := c.After; bi.IsOnLoan() && bi.BorrowerID != nil && bi.DueBack != nil {
			rows = append(rows, []any{bi.ID, *bi.BorrowerID, nullID(librarianID), now.UTC(), *bi.DueBack})
		}
	}
	return insertRows(tx, "catalog_loan", []string{"bookinstance_id", "borrower_id", "librarian_id", "lent_at", "due_back"}, rows, "", nil)
}

// UpdateCopies saves the copies' fields whatever their versions (which move on), keeps their
// loan history in step as UpdateBookInstance does, and logs each.
func UpdateCopies(tx *gorm.DB, copies []CopyImport, ch Change) error {
	cols := []column{{"id", "uuid"}, {"book_id", "bigint"}, {"imprint", "text"}, {"due_back", "date"}, {"status", "text"}, {"borrower_id", "bigint"}}
	rows := make([][]any, len(copies))
	actions := make([]logged, len(copies))
	for i, c := range copies {
		bi := c.After
		rows[i] = []any{bi.ID, bi.BookID, bi.Imprint, dateValue(bi.DueBack), bi.Status, bi.BorrowerID}
		actions[i] = logged{flag: ActionChange, contentType: ContentBookInstance, objectID: bi.ID.String(), repr: bi.String(), fields: c.Fields}
	}
	if err := updateRows(tx, "catalog_bookinstance", cols, rows); err != nil {
		return err
	}
	now := time.Now()
	for _, c := range copies {
		if err := syncLoan(tx, *c.Before, c.After, ch.UserID, now); err != nil {
			return err
		}
	}
	return logActions(tx, ch, actions)
}
