package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/schollz/progressbar/v3"

	"locallibrary/app/database"
	"locallibrary/models"
)

// Synthetic catalog shape: one author per ten books, a few dozen genres, a few languages, three
// copies a book.
const (
	booksPerAuthor    = 10
	copiesPerBook     = 3
	syntheticGenre    = 40
	syntheticLanguage = 5
)

var statuses = []string{models.StatusAvailable, models.StatusAvailable, models.StatusOnLoan, models.StatusMaintenance, models.StatusReserved}

// syntheticRows builds the rows of n books after the ids already in use.
type syntheticRows struct {
	authorBase, bookBase, genreBase, languageBase int64
	n                                             int
	today                                         models.Date
	rng                                           *rand.Rand
}

// newSyntheticRows starts the new rows after the largest ids in use, read with maxID.
func newSyntheticRows(n int, maxID func(query string, dst *int64) error) (*syntheticRows, error) {
	s := &syntheticRows{n: n, today: models.Today(), rng: rand.New(rand.NewPCG(uint64(n), 42))}
	bases := map[string]*int64{"catalog_author": &s.authorBase, "catalog_book": &s.bookBase, "catalog_genre": &s.genreBase,
		"catalog_language": &s.languageBase}
	for table, dst := range bases {
		if err := maxID("SELECT coalesce(max(id), 0) FROM "+table, dst); err != nil {
			return nil, fmt.Errorf("largest id of %s: %w", table, err)
		}
	}
	return s, nil
}

func (s *syntheticRows) authors() int { return (s.n + booksPerAuthor - 1) / booksPerAuthor }

func (s *syntheticRows) author(i int) []any {
	id := s.authorBase + int64(i) + 1
	born := models.MustDate("1900-01-01").AddDays(int(id % 30000))
	return []any{id, "Author" + strconv.FormatInt(id, 10), "Writer " + strconv.FormatInt(id%997, 10), born}
}

func (s *syntheticRows) genre(i int) []any {
	id := s.genreBase + int64(i) + 1
	return []any{id, "Synthetic genre " + strconv.FormatInt(id, 10)}
}

func (s *syntheticRows) language(i int) []any {
	id := s.languageBase + int64(i) + 1
	return []any{id, "Synthetic language " + strconv.FormatInt(id, 10)}
}

func (s *syntheticRows) book(i int) []any {
	id := s.bookBase + int64(i) + 1
	digits := fmt.Sprintf("979%09d", id)
	isbn := digits + string(models.ISBN13CheckDigit(digits))
	author := s.authorBase + int64(i/booksPerAuthor) + 1
	return []any{id, "Volume " + strconv.FormatInt(id, 10) + " of the synthetic shelf", author,
		"A generated book for load tests, number " + strconv.FormatInt(id, 10) + ".", isbn, s.languageBase + int64(i%syntheticLanguage) + 1}
}

func (s *syntheticRows) bookGenre(i int) []any {
	return []any{s.bookBase + int64(i) + 1, s.genreBase + int64(i%syntheticGenre) + 1}
}

func (s *syntheticRows) copyRow(i, j int) []any {
	status := statuses[s.rng.IntN(len(statuses))]
	var due any
	if status == models.StatusOnLoan {
		due = s.today.AddDays(s.rng.IntN(40) - 10)
	}
	// Time-ordered ids append to the primary key's index instead of landing all over it.
	return []any{uuid.Must(uuid.NewV7()), s.bookBase + int64(i) + 1, "Synthetic Press, " + strconv.Itoa(1950+j*20+i%20), due, status}
}

// Synthetic adds n books (with their authors, genres and three copies each) for benchmarks,
// with COPY on PostgreSQL and batched inserts in one transaction on SQLite. Progress goes to out.
func Synthetic(ctx context.Context, db *database.DB, n int, out io.Writer) error {
	bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(out), progressbar.OptionSetDescription("seeding books"),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(200_000_000), progressbar.OptionOnCompletion(func() { fmt.Fprintln(out) }))
	var err error
	if db.Postgres() {
		err = syntheticPostgres(ctx, db, n, bar)
	} else {
		err = syntheticSQLite(ctx, db, n, bar)
	}
	if err != nil {
		return fmt.Errorf("seed --books: %w", err)
	}
	_ = bar.Finish()
	fmt.Fprintf(out, "Added %d books and %d copies.\n", n, n*copiesPerBook)
	return nil
}

func syntheticPostgres(ctx context.Context, db *database.DB, n int, bar *progressbar.ProgressBar) error {
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The ids are handed out here, so nobody else may insert meanwhile.
		if _, err := tx.Exec(ctx, "LOCK TABLE catalog_author, catalog_genre, catalog_language, catalog_book IN EXCLUSIVE MODE"); err != nil {
			return err
		}
		s, err := newSyntheticRows(n, func(q string, dst *int64) error { return tx.QueryRow(ctx, q).Scan(dst) })
		if err != nil {
			return err
		}
		rebuild, err := dropIndexesForBulkLoad(ctx, tx, int64(n), s.bookBase)
		if err != nil {
			return err
		}
		if err := copySynthetic(ctx, tx, s, bar); err != nil {
			return err
		}
		for _, def := range rebuild {
			if _, err := tx.Exec(ctx, def); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
		}
		for _, t := range []string{"catalog_author", "catalog_genre", "catalog_language", "catalog_book"} {
			if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM "+t+"))", t); err != nil {
				return fmt.Errorf("advance %s ids: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// As autovacuum would soon: fresh statistics, and a visibility map for index-only scans.
	_, err = db.Pool.Exec(ctx, "VACUUM ANALYZE catalog_author, catalog_genre, catalog_language, catalog_book, catalog_book_genre, catalog_bookinstance, catalog_counter")
	return err
}

// bulkTables are the tables a synthetic load fills.
var bulkTables = []string{"catalog_author", "catalog_book", "catalog_book_genre", "catalog_bookinstance"}

// dropIndexesForBulkLoad drops the secondary indexes of the tables a load of n books fills, when
// it at least doubles a catalog of existing books, and returns the statements that rebuild them:
// building an index once is far cheaper than growing it row by row in random order. Indexes
// behind constraints (primary keys, unique ISBN) stay. The tables stay locked until the rebuild.
func dropIndexesForBulkLoad(ctx context.Context, tx pgx.Tx, n, existing int64) ([]string, error) {
	if n < existing {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i WHERE i.indrelid = ANY($1::regclass[])
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, bulkTables)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, "DROP INDEX "+name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	// Memory for the index builds; the setting ends with the transaction.
	if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
		return nil, err
	}
	return defs, nil
}

// copySynthetic streams the rows with COPY, generating each row as COPY asks for it, so memory
// stays flat whatever n is. Books go in before their genre links, which copy their sort keys.
func copySynthetic(ctx context.Context, tx pgx.Tx, s *syntheticRows, bar *progressbar.ProgressBar) error {
	copyRows := func(table string, cols []string, count int, row func(int) []any) error {
		_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(count, func(i int) ([]any, error) { return row(i), nil }))
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		return nil
	}
	if err := copyRows("catalog_author", []string{"id", "first_name", "last_name", "date_of_birth"}, s.authors(), s.author); err != nil {
		return err
	}
	if err := copyRows("catalog_genre", []string{"id", "name"}, syntheticGenre, s.genre); err != nil {
		return err
	}
	if err := copyRows("catalog_language", []string{"id", "name"}, syntheticLanguage, s.language); err != nil {
		return err
	}
	if err := copyRows("catalog_book", []string{"id", "title", "author_id", "summary", "isbn", "language_id"}, s.n, func(i int) []any {
		if i%1000 == 0 {
			_ = bar.Set(i)
		}
		return s.book(i)
	}); err != nil {
		return err
	}
	if err := copyRows("catalog_book_genre", []string{"book_id", "genre_id"}, s.n, s.bookGenre); err != nil {
		return err
	}
	return copyRows("catalog_bookinstance", []string{"id", "book_id", "imprint", "due_back", "status"}, s.n*copiesPerBook,
		func(k int) []any { return s.copyRow(k/copiesPerBook, k%copiesPerBook) })
}

func syntheticSQLite(ctx context.Context, db *database.DB, n int, bar *progressbar.ProgressBar) error {
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	s, err := newSyntheticRows(n, func(q string, dst *int64) error { return tx.QueryRowContext(ctx, q).Scan(dst) })
	if err != nil {
		return err
	}
	insert := func(sql string, count int, row func(int) []any) error {
		stmt, err := tx.PrepareContext(ctx, sql)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := 0; i < count; i++ {
			if _, err := stmt.ExecContext(ctx, row(i)...); err != nil {
				return fmt.Errorf("%s: %w", sql, err)
			}
		}
		return nil
	}
	steps := []struct {
		sql   string
		count int
		row   func(int) []any
	}{
		{"INSERT INTO catalog_author (id, first_name, last_name, date_of_birth) VALUES (?, ?, ?, ?)", s.authors(), s.author},
		{"INSERT INTO catalog_genre (id, name) VALUES (?, ?)", syntheticGenre, s.genre},
		{"INSERT INTO catalog_language (id, name) VALUES (?, ?)", syntheticLanguage, s.language},
		{"INSERT INTO catalog_book (id, title, author_id, summary, isbn, language_id) VALUES (?, ?, ?, ?, ?, ?)", n, func(i int) []any {
			if i%1000 == 0 {
				_ = bar.Set(i)
			}
			return s.book(i)
		}},
		{"INSERT INTO catalog_book_genre (book_id, genre_id) VALUES (?, ?)", n, s.bookGenre},
		{"INSERT INTO catalog_bookinstance (id, book_id, imprint, due_back, status) VALUES (?, ?, ?, ?, ?)", n * copiesPerBook,
			func(k int) []any { return s.copyRow(k/copiesPerBook, k%copiesPerBook) }},
	}
	for _, st := range steps {
		if err := insert(st.sql, st.count, st.row); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = db.SQL.ExecContext(ctx, "ANALYZE")
	return err
}
