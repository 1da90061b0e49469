package models

import (
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// maxParams bounds the values one statement binds: below SQLite's 32,766 and PostgreSQL's
// 65,535, so that a batch of any width fits either.
const maxParams = 30000

// batches calls fn with consecutive slices of rows, each small enough for one statement of
// width columns.
func batches[T any](rows []T, width int, fn func([]T) error) error {
	size := max(1, maxParams/width)
	for len(rows) > 0 {
		n := min(size, len(rows))
		if err := fn(rows[:n]); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// insertRows inserts rows into table's cols with multi-row INSERT statements. With returning
// set ("id, isbn"), scan reads each returned row.
func insertRows(tx *gorm.DB, table string, cols []string, rows [][]any, returning string, scan func(*sql.Rows) error) error {
	return batches(rows, len(cols), func(batch [][]any) error {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		args := make([]any, 0, len(batch)*len(cols))
		for _, r := range batch {
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(one+", ", len(batch)), ", ")
		if returning == "" {
			if err := tx.Exec(q, args...).Error; err != nil {
				return constraintError(tx, err, ErrInvalidChoice, "insert into "+table)
			}
			return nil
		}
		rs, err := tx.Raw(q+" RETURNING "+returning, args...).Rows()
		if err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "insert into "+table)
		}
		defer rs.Close()
		for rs.Next() {
			if err := scan(rs); err != nil {
				return fmt.Errorf("insert into %s: %w", table, err)
			}
		}
		if err := rs.Err(); err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "insert into "+table)
		}
		return nil
	})
}

// column is one column of a batched update: its name and, for PostgreSQL, the type its bound
// values are cast to (a VALUES list gives them no other).
type column struct{ name, pgType string }

// updateRows sets cols[1:] of the rows of table whose id is cols[0], from rows, with
// multi-row statements (UPDATE ... FROM a VALUES list), moving each row's version on.
func updateRows(tx *gorm.DB, table string, cols []column, rows [][]any) error {
	pg := tx.Dialector.Name() == "postgres"
	names := make([]string, len(cols))
	marks := make([]string, len(cols))
	var sets []string
	for i, c := range cols {
		names[i], marks[i] = c.name, "?"
		if pg {
			marks[i] = "?::" + c.pgType
		}
		if i > 0 {
			sets = append(sets, c.name+" = v."+c.name)
		}
	}
	one := "(" + strings.Join(marks, ", ") + ")"
	return batches(rows, len(cols), func(batch [][]any) error {
		args := make([]any, 0, len(batch)*len(cols))
		for _, r := range batch {
			args = append(args, r...)
		}
		q := "WITH v (" + strings.Join(names, ", ") + ") AS (VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", len(batch)), ", ") + ") " +
			"UPDATE " + table + " SET " + strings.Join(sets, ", ") + ", version = " + table + ".version + 1 FROM v WHERE " + table + ".id = v.id"
		if err := tx.Exec(q, args...).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "update "+table)
		}
		return nil
	})
}

// NameKey is how an import matches names ignoring case, as casefold() does in the database.
func NameKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
