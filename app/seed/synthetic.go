package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

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
	first, last := authorNames(id)
	return []any{id, first, last, models.MustDate("1900-01-01").AddDays(int(id % 30000))}
}

// authorNames are the first and last names of synthetic author id.
func authorNames(id int64) (string, string) {
	return "Author" + strconv.FormatInt(id, 10), "Writer " + strconv.FormatInt(id%997, 10)
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

// derived are the columns the database derives for book i (the author's sort names and the search
// text), for a load that supplies them: they are checked, not trusted.
func (s *syntheticRows) derived(book []any) []any {
	title, isbn := book[1].(string), book[4].(string)
	first, last := authorNames(book[2].(int64))
	return []any{last, first, database.Fold(title) + "\n" + database.Fold(first+" "+last) + "\n" + strings.ToLower(isbn)}
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

// Synthetic adds n books (with their authors, genres, languages and three copies each) for
// benchmarks, with COPY on PostgreSQL and prepared inserts in one transaction on SQLite.
// Progress (on a terminal only), then how long each stage took, go to out.
func Synthetic(ctx context.Context, db *database.DB, n int, out io.Writer) error {
	l := &load{bar: progressbar.NewOptions(n*(2+copiesPerBook), progressbar.OptionSetWriter(terminalOnly(out)), progressbar.OptionShowCount(),
		progressbar.OptionThrottle(200_000_000))}
	start := time.Now()
	var err error
	if db.Postgres() {
		err = syntheticPostgres(ctx, db, n, l)
	} else {
		err = syntheticSQLite(ctx, db, n, l)
	}
	if err != nil {
		return fmt.Errorf("seed --books: %w", err)
	}
	_ = l.bar.Finish()
	fmt.Fprintf(out, "\nAdded %d books and %d copies in %s (%s).\n", n, n*copiesPerBook, time.Since(start).Round(time.Millisecond), l)
	return nil
}

// terminalOnly is out when it is a terminal, and io.Discard otherwise: a progress bar redrawn in
// place is noise in a log file or a pipe.
func terminalOnly(out io.Writer) io.Writer {
	if f, ok := out.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return out
	}
	return io.Discard
}

// load reports a synthetic load's progress (rows written) and times its stages.
type load struct {
	bar    *progressbar.ProgressBar
	stages []string
}

// stage runs f as the named stage and records how long it took.
func (l *load) stage(name string, f func() error) error {
	l.bar.Describe(name)
	start := time.Now()
	err := f()
	l.stages = append(l.stages, name+" "+time.Since(start).Round(time.Millisecond).String())
	return err
}

// row counts one row written.
func (l *load) row(i int) {
	if i%1000 == 999 {
		_ = l.bar.Add(1000)
	}
}

func (l *load) String() string { return strings.Join(l.stages, ", ") }

func syntheticSQLite(ctx context.Context, db *database.DB, n int, l *load) error {
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
		stage, sql string
		count      int
		row        func(int) []any
	}{
		{"authors", "INSERT INTO catalog_author (id, first_name, last_name, date_of_birth) VALUES (?, ?, ?, ?)", s.authors(), s.author},
		{"genres", "INSERT INTO catalog_genre (id, name) VALUES (?, ?)", syntheticGenre, s.genre},
		{"languages", "INSERT INTO catalog_language (id, name) VALUES (?, ?)", syntheticLanguage, s.language},
		{"books", "INSERT INTO catalog_book (id, title, author_id, summary, isbn, language_id) VALUES (?, ?, ?, ?, ?, ?)", n,
			func(i int) []any { l.row(i); return s.book(i) }},
		{"genre links", "INSERT INTO catalog_book_genre (book_id, genre_id) VALUES (?, ?)", n,
			func(i int) []any { l.row(i); return s.bookGenre(i) }},
		{"copies", "INSERT INTO catalog_bookinstance (id, book_id, imprint, due_back, status) VALUES (?, ?, ?, ?, ?)", n * copiesPerBook,
			func(k int) []any { l.row(k); return s.copyRow(k/copiesPerBook, k%copiesPerBook) }},
	}
	for _, st := range steps {
		if err := l.stage(st.stage, func() error { return insert(st.sql, st.count, st.row) }); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return l.stage("analyze", func() error {
		_, err := db.SQL.ExecContext(ctx, "ANALYZE")
		return err
	})
}
