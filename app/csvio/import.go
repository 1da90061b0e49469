package csvio

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"gorm.io/gorm"

	"locallibrary/models"
)

// importBatch is how many rows an import validates and writes at a time: each batch costs a
// fixed number of statements (a multi-row insert or update per table, one lookup per kind of
// name), and the rows of one batch are all it holds in memory.
const importBatch = 1000

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// importer validates rows of one kind and writes them a batch at a time.
type importer interface {
	// add validates one row and keeps it for the next flush when it is valid.
	add(rec record)
	// pending counts the rows kept.
	pending() int
	// flush looks up and writes the rows kept, recording what is wrong with them.
	flush() error
}

// Import reads a CSV file of kind from r and writes its rows in one transaction: new books or
// copies are created, those already there (same ISBN, same id) updated, and, for books, missing
// authors, genres and languages created. Every row is validated with the web forms' rules; when
// any is wrong, or with DryRun, the transaction is rolled back. A file with errors gives
// ErrInvalid with the errors in the report; a file that is not CSV of kind gives ErrInvalid
// with one error; failures of the database are returned as they are.
func Import(ctx context.Context, db *gorm.DB, r io.Reader, kind Kind, opts Options) (Report, error) {
	var rep Report
	if Columns(kind) == nil {
		return rep, fmt.Errorf("csvio: unknown kind %v", kind)
	}
	rd, err := newReader(r, kind)
	if err != nil {
		return rep.fatal(err)
	}
	ch := models.Change{Imported: true}
	if opts.UserID != nil {
		ch.UserID = *opts.UserID
	}
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tuneLookups(tx); err != nil {
			return err
		}
		var im importer = newBookImporter(tx, ch, &rep)
		if kind == Copies {
			// Copies move the counters the circulation desk moves: in its order.
			if err := models.LockCirculation(tx); err != nil {
				return err
			}
			im = newCopyImporter(tx, ch, &rep)
		}
		if err := rep.read(ctx, rd, im, opts); err != nil {
			return err
		}
		if len(rep.Errors) > 0 {
			return ErrInvalid
		}
		if opts.DryRun {
			return errDryRun
		}
		return nil
	})
	slices.SortStableFunc(rep.Errors, func(a, b RowError) int { return cmp.Compare(a.Row, b.Row) })
	switch {
	case errors.Is(err, errDryRun):
		return rep, nil
	case errors.Is(err, ErrInvalid):
		rep.nothingWritten()
		return rep, ErrInvalid
	case errors.Is(err, models.ErrDuplicate):
		rep.nothingWritten()
		return rep, fmt.Errorf("a genre, a language or an ISBN of the file was added by someone else during the import, "+
			"so nothing was imported: import the file again (%w)", err)
	case err != nil:
		return rep.fatal(err)
	}
	return rep, nil
}

// tuneLookups keeps PostgreSQL's plans for the import's lookups on the btree indexes. The
// tables grow as the import writes them, so a plan made for the first batches would not suit
// the last; and the trigram indexes of the search also answer "isbn IN (...)", but only by
// reading every entry this transaction added, which the GIN index keeps in its pending list
// until the commit: with bitmap scans off, they are out of the running.
func tuneLookups(tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	if err := tx.Exec("SET LOCAL plan_cache_mode = force_custom_plan").Error; err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if err := tx.Exec("SET LOCAL enable_bitmapscan = off").Error; err != nil {
		return fmt.Errorf("import: %w", err)
	}
	return nil
}

// read feeds the rows of rd to im, a batch at a time, until the end of the file, a file it
// cannot read further, or MaxErrors errors.
func (rep *Report) read(ctx context.Context, rd *reader, im importer, opts Options) error {
	done := func() error {
		if err := im.flush(); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(int64(rep.Rows))
		}
		return nil
	}
	for !rep.TooManyErrors {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := rd.next()
		var re *RowError
		switch {
		case errors.Is(err, io.EOF):
			return done()
		case errors.As(err, &re):
			rep.fail(*re)
			return done()
		case err != nil:
			return fmt.Errorf("read CSV: %w", err)
		}
		rep.Rows++
		if len(rep.Preview) < opts.Preview {
			rep.Preview = append(rep.Preview, slices.Clone(rec.fields))
		}
		for _, e := range rec.errs {
			rep.fail(e)
		}
		if len(rec.errs) == 0 {
			im.add(rec)
		}
		if im.pending() >= importBatch {
			if err := done(); err != nil {
				return err
			}
		}
	}
	return done()
}

// fail records a row's error, up to MaxErrors.
func (rep *Report) fail(e RowError) {
	if len(rep.Errors) >= MaxErrors {
		rep.TooManyErrors = true
		return
	}
	rep.Errors = append(rep.Errors, e)
}

// fatal ends an import that could not read the file (ErrInvalid with its one error) or failed
// otherwise.
func (rep *Report) fatal(err error) (Report, error) {
	var re *RowError
	rep.nothingWritten()
	if errors.As(err, &re) {
		rep.Errors = append(rep.Errors[:0], *re)
		return *rep, ErrInvalid
	}
	return *rep, err
}

// nothingWritten clears the counts of an import rolled back.
func (rep *Report) nothingWritten() {
	rep.Created, rep.Updated, rep.Unchanged, rep.NewAuthors, rep.NewGenres, rep.NewLanguages = 0, 0, 0, 0, 0, 0
}

// field pairs a form's field with the file's column for it ("" for the form's whole-row errors).
type field struct{ form, column string }

// formErrors records a form's errors against the row, in the order of fields, each under the
// file's name for it.
func (rep *Report) formErrors(row int, errs map[string][]string, fields []field) {
	for _, f := range fields {
		for _, m := range errs[f.form] {
			rep.fail(RowError{Row: row, Field: f.column, Message: m})
		}
	}
}

// cache remembers lookups by key across batches, up to a bound: past it, it starts afresh, so
// that a file naming a million authors costs a bounded memory (and some lookups again).
type cache[V any] struct {
	m     map[string]V
	limit int
}

func newCache[V any](limit int) *cache[V] { return &cache[V]{m: map[string]V{}, limit: limit} }

func (c *cache[V]) get(k string) (V, bool) {
	v, ok := c.m[k]
	return v, ok
}

func (c *cache[V]) put(k string, v V) {
	if len(c.m) >= c.limit {
		clear(c.m)
	}
	c.m[k] = v
}
