// Package csvio exports the catalog's books and copies as CSV files (RFC 4180, with a header
// row) and imports them back: streamed in batches, so that memory stays bounded whatever the
// size of the file or the catalog. An import validates every row with the web forms' rules,
// creates missing authors, genres and languages, updates the books and copies already there,
// and writes all of it in one transaction, or, when any row is wrong, nothing at all.
package csvio

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Kind is what a file holds: books or copies.
type Kind int

// The kinds of file.
const (
	Books Kind = iota + 1
	Copies
)

// String names the kind as the command line does: "books" or "copies".
func (k Kind) String() string {
	switch k {
	case Books:
		return "books"
	case Copies:
		return "copies"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind reads "books" or "copies".
func ParseKind(s string) (Kind, error) {
	switch s {
	case "books":
		return Books, nil
	case "copies":
		return Copies, nil
	}
	return 0, fmt.Errorf("csvio: unknown kind %q (books or copies)", s)
}

// Columns lists the columns of a kind's files, in the order an export writes them. An import
// accepts them in any order, their names ignoring case.
func Columns(k Kind) []string {
	switch k {
	case Books:
		return []string{"title", "author", "summary", "isbn", "language", "genres"}
	case Copies:
		return []string{"id", "isbn", "imprint", "status", "due_back", "borrower"}
	}
	return nil
}

// ContentType is the media type of the files.
const ContentType = "text/csv; charset=utf-8"

// MaxErrors bounds the row errors an import reports: it stops reading after that many.
const MaxErrors = 100

// ErrInvalid is returned by Import when the file has errors (listed in Report.Errors): nothing
// was written.
var ErrInvalid = errors.New("the file has errors: nothing was imported")

// Options tune an import.
type Options struct {
	// DryRun validates the whole file, against the database too, and writes nothing.
	DryRun bool
	// Preview is how many rows to return in Report.Preview.
	Preview int
	// Progress, when set, is called after each batch with the number of rows read so far.
	Progress func(rowsDone int64)
	// UserID is who imports, for the change log; nil from the command line.
	UserID *int64
}

// Report is what an import did, or, with DryRun, would do.
type Report struct {
	// Rows counts the data rows read (blank rows are skipped).
	Rows int
	// Created, Updated and Unchanged count the books or copies: new, changed, and already as
	// the file has them. All three are zero when the file has errors.
	Created, Updated, Unchanged int
	// NewAuthors, NewGenres and NewLanguages count those a books import created.
	NewAuthors, NewGenres, NewLanguages int
	// Preview holds the first Options.Preview rows as read, in the order of Columns.
	Preview [][]string
	// Errors lists the rows' errors, by row, at most MaxErrors of them.
	Errors []RowError
	// TooManyErrors is set when the import stopped at MaxErrors errors.
	TooManyErrors bool
}

// RowError is what is wrong with one row: its number as a spreadsheet shows it (the header is
// row 1), the column (empty for the whole row or file) and the message.
type RowError struct {
	Row     int
	Field   string
	Message string
}

// Error reads "row 3: isbn: message", or "row 3: message" without a column.
func (e RowError) Error() string {
	if e.Field == "" {
		return "row " + strconv.Itoa(e.Row) + ": " + e.Message
	}
	return "row " + strconv.Itoa(e.Row) + ": " + e.Field + ": " + e.Message
}

// formula starts the values a spreadsheet would run as a formula (OWASP's list), and the
// apostrophe that escapes them.
const formula = "=+-@\t\r'"

// escape keeps a spreadsheet from running a value as a formula: a value starting with one of
// formula's characters gets an apostrophe in front, which spreadsheets hide and unescape
// removes, so that every value comes back exactly.
func escape(s string) string {
	if s != "" && strings.IndexByte(formula, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// unescape undoes escape: an apostrophe followed by one of formula's characters is dropped.
func unescape(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.IndexByte(formula, s[1]) >= 0 {
		return s[1:]
	}
	return s
}
