package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"locallibrary/app/csvio"
)

// progressFrom is how many rows an import reads before it shows a progress bar.
const progressFrom = 5000

// importCSV imports a CSV file of books or copies, all or nothing; errors go to stderr, one per
// line with their row, and nothing is written.
func importCSV(ctx context.Context, e env, args []string) error {
	var pos []string
	dryRun := false
	for _, a := range args {
		switch a {
		case "--dry-run", "-dry-run":
			dryRun = true
		default:
			pos = append(pos, a)
		}
	}
	if len(pos) != 2 {
		return usageError("import takes books|copies FILE [--dry-run]")
	}
	kind, err := csvio.ParseKind(pos[0])
	if err != nil {
		return usageError("import takes books|copies FILE [--dry-run], not %q", pos[0])
	}
	path := pos[1]
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	in := &countingReader{r: f}
	p := newImportProgress(e.stderr, f, in)
	rep, err := csvio.Import(ctx, db.Gorm, in, kind, csvio.Options{DryRun: dryRun, Progress: p.update})
	p.done()
	if errors.Is(err, csvio.ErrInvalid) {
		for _, re := range rep.Errors {
			fmt.Fprintln(e.stderr, strings.NewReplacer("\r", " ", "\n", " ").Replace(re.Error()))
		}
		more := ""
		if rep.TooManyErrors {
			more = " (it stopped reading after " + strconv.Itoa(csvio.MaxErrors) + ")"
		}
		return fmt.Errorf("%s: %d error(s)%s: nothing was imported", path, len(rep.Errors), more)
	}
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	fmt.Fprintln(e.stdout, summary(path, kind, rep, dryRun))
	return nil
}

// summary says what an import did, or would do.
func summary(path string, kind csvio.Kind, rep csvio.Report, dryRun bool) string {
	one, many := "book", "books"
	if kind == csvio.Copies {
		one, many = "copy", "copies"
	}
	rows, objects := count(rep.Rows, "row", "rows"), count(rep.Created, one, many)
	s := fmt.Sprintf("Imported %s: %s: %s created, %d updated, %d unchanged", path, rows, objects, rep.Updated, rep.Unchanged)
	if dryRun {
		s = fmt.Sprintf("Checked %s (dry run, nothing written): %s, no errors: %s to create, %d to update, %d unchanged",
			path, rows, objects, rep.Updated, rep.Unchanged)
	}
	if kind == csvio.Books {
		verb := "created"
		if dryRun {
			verb = "to create"
		}
		s += fmt.Sprintf("; %s, %s and %s %s", count(rep.NewAuthors, "author", "authors"), count(rep.NewGenres, "genre", "genres"),
			count(rep.NewLanguages, "language", "languages"), verb)
	}
	return s + "."
}

// count writes n with its noun, singular or plural.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// countingReader counts the bytes read, for the progress bar.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// importProgress shows a progress bar of the bytes read on a terminal's stderr, once an import
// has read progressFrom rows.
type importProgress struct {
	out      io.Writer
	terminal bool
	size     int64
	in       *countingReader
	bar      *progressbar.ProgressBar
}

func newImportProgress(stderr io.Writer, f *os.File, in *countingReader) *importProgress {
	p := &importProgress{out: stderr, in: in, size: -1}
	if w, ok := stderr.(*os.File); ok && term.IsTerminal(int(w.Fd())) {
		p.terminal = true
	}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		p.size = st.Size()
	}
	return p
}

func (p *importProgress) update(rows int64) {
	if !p.terminal || rows < progressFrom {
		return
	}
	if p.bar == nil {
		p.bar = progressbar.NewOptions64(p.size, progressbar.OptionSetWriter(p.out), progressbar.OptionShowBytes(true),
			progressbar.OptionThrottle(200_000_000), progressbar.OptionClearOnFinish())
	}
	p.bar.Describe(fmt.Sprintf("%d rows", rows))
	_ = p.bar.Set64(p.in.n)
}

func (p *importProgress) done() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
