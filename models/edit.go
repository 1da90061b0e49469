package models

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// Outcomes of catalog edits that the forms turn into messages.
var (
	// ErrStale is returned when a row changed after the form that edits it was opened: its version
	// moved on, so saving would overwrite someone else's change.
	ErrStale = errors.New("changed by someone else since the form was opened")
	// ErrProtected is returned when other rows still refer to the row being deleted (the foreign
	// keys are ON DELETE RESTRICT), or when a copy on loan is deleted.
	ErrProtected = errors.New("other rows still refer to it")
	// ErrDuplicate is returned when a unique value (a genre or language name ignoring case, an
	// ISBN) is taken.
	ErrDuplicate = errors.New("already exists")
	// ErrInvalidChoice is returned when a row the edit refers to (an author, language, genre, book
	// or borrower) does not exist, or was deleted while the edit was saved.
	ErrInvalidChoice = errors.New("a chosen row does not exist")
)

// constraintError turns the database's unique and foreign key violations into ErrDuplicate and
// onFK, through the dialect's own error translation; other errors are wrapped with what.
func constraintError(db *gorm.DB, err error, onFK error, what string) error {
	if t, ok := db.Dialector.(gorm.ErrorTranslator); ok {
		switch te := t.Translate(err); {
		case errors.Is(te, gorm.ErrDuplicatedKey):
			return ErrDuplicate
		case errors.Is(te, gorm.ErrForeignKeyViolated):
			return onFK
		}
	}
	// SQLite enforces ON DELETE RESTRICT with an internal trigger, whose error code
	// (SQLITE_CONSTRAINT_TRIGGER) the translation does not know; its message is the foreign key's.
	if strings.Contains(err.Error(), sqliteForeignKeyFailed) {
		return onFK
	}
	return fmt.Errorf("%s: %w", what, err)
}

// sqliteForeignKeyFailed is SQLite's message for every foreign key violation.
const sqliteForeignKeyFailed = "FOREIGN KEY constraint failed"

// updateVersioned updates the row id of table with values if its version is still version, and
// moves the version on. A row that changed meanwhile gives ErrStale, a missing row ErrNotFound.
func updateVersioned(tx *gorm.DB, table string, id any, version int, values map[string]any) error {
	values["version"] = gorm.Expr("version + 1")
	res := tx.Table(table).Where("id = ? AND version = ?", id, version).Updates(values)
	if res.Error != nil {
		return constraintError(tx, res.Error, ErrInvalidChoice, "update "+table)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := tx.Table(table).Where("id = ?", id).Count(&n).Error; err != nil {
		return fmt.Errorf("update %s: %w", table, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return ErrStale
}

// deleteRow deletes the row id of table. The foreign keys refuse it while other rows refer to
// it — however recently they were added — which gives ErrProtected; a missing row ErrNotFound.
func deleteRow(tx *gorm.DB, table string, id any) error {
	res := tx.Exec("DELETE FROM "+table+" WHERE id = ?", id)
	if res.Error != nil {
		return constraintError(tx, res.Error, ErrProtected, "delete from "+table)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// dateValue is an optional date as a query argument: NULL when absent.
func dateValue(d *Date) any {
	if d == nil {
		return nil
	}
	return *d
}

// insertPairs inserts (left, id) into the link table for each of ids, in one statement; an id
// that names no row gives ErrInvalidChoice.
func insertPairs(tx *gorm.DB, table, leftCol, rightCol string, left int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows := make([]string, len(ids))
	args := make([]any, 0, 2*len(ids))
	for i, id := range ids {
		rows[i] = "(?, ?)"
		args = append(args, left, id)
	}
	err := tx.Exec("INSERT INTO "+table+" ("+leftCol+", "+rightCol+") VALUES "+strings.Join(rows, ", "), args...).Error
	if err != nil {
		return constraintError(tx, err, ErrInvalidChoice, "insert into "+table)
	}
	return nil
}
