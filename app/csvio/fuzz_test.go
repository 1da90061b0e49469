package csvio

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"locallibrary/models"
)

// fuzzRows reads body (after a header of kind) as an import does, without a database, and
// checks what every row comes to: errors that name a row and a column of the file, and values
// that a file written back reads the same.
func fuzzRows(t *testing.T, kind Kind, body []byte, check func(t *testing.T, fields []string)) {
	header := strings.Join(Columns(kind), ",") + "\n"
	rd, err := newReader(io.MultiReader(strings.NewReader(header), bytes.NewReader(body)), kind)
	if err != nil {
		t.Fatalf("the header was refused: %v", err)
	}
	last := 1
	for {
		rec, err := rd.next()
		if errors.Is(err, io.EOF) {
			return
		}
		var re *RowError
		if errors.As(err, &re) {
			if re.Row <= last || re.Message == "" {
				t.Fatalf("a file's error after row %d: %+v", last, re)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.row <= last {
			t.Fatalf("row %d after row %d", rec.row, last)
		}
		last = rec.row
		for _, e := range rec.errs {
			if e.Row != rec.row || (e.Field != "" && !slices.Contains(Columns(kind), e.Field)) || e.Message == "" {
				t.Fatalf("row %d: error %+v", rec.row, e)
			}
		}
		if len(rec.errs) > 0 {
			continue
		}
		for _, f := range rec.fields {
			if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
				t.Fatalf("row %d: value %q passed the guards", rec.row, f)
			}
		}
		check(t, rec.fields)
		written := rewrite(t, kind, rec.fields)
		if !slices.Equal(written, normalize(rec.fields)) {
			t.Fatalf("row %d: %q written and read back as %q", rec.row, rec.fields, written)
		}
	}
}

// rewrite writes one row as an export does and reads it back.
func rewrite(t *testing.T, kind Kind, fields []string) []string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(Columns(kind))
	_ = w.Write(escapeAll(slices.Clone(fields)...))
	w.Flush()
	rd, err := newReader(&buf, kind)
	if err != nil {
		t.Fatalf("header written back: %v", err)
	}
	rec, err := rd.next()
	if err != nil || len(rec.errs) > 0 {
		t.Fatalf("%q written back: %v %v", fields, err, rec.errs)
	}
	return rec.fields
}

// normalize is what a CSV file can carry of values: its line breaks come back as LF.
func normalize(fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = strings.ReplaceAll(f, "\r\n", "\n")
	}
	return out
}

func FuzzBookRows(f *testing.F) {
	for _, seed := range []string{
		"Dune,\"Herbert, Frank\",Spice.,9780441013593,English,Science Fiction\n",
		"\"A \"\"quoted\"\", title\",\"O'Brien, Mary Ann #3\",\"Two\nlines\",0-306-40615-2,Français,\"Fantasy; \"\"Sword; Sorcery\"\"\"\n",
		"'=HYPERLINK(),\"A, B\",s,9780306406157,English,x\n",
		",,,,,\n\n",
		"x,y\n",
		"\"never closed\n",
		"a,b,c,d,e,\"f\" g\n",
		"Caf\xe9,\"A, B\",s,9780306406157,English,x\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRows(t, Books, body, func(t *testing.T, fields []string) {
			form := bookForm(fields)
			if form.Errors.Any() {
				return
			}
			b := form.Book(0, 1, 1)
			if len(b.ISBN) != 13 || !models.ValidISBN(b.ISBN) {
				t.Fatalf("%q: a valid row with ISBN %q", fields, b.ISBN)
			}
			if n := utf8.RuneCountInString(b.Title); n == 0 || n > 200 || strings.TrimSpace(b.Title) != b.Title {
				t.Fatalf("%q: a valid row with title %q", fields, b.Title)
			}
			a := form.NamedAuthor()
			if a.LastName == "" || a.FirstName == "" || len(form.Genre) == 0 {
				t.Fatalf("%q: a valid row with author %+v and genres %q", fields, a, form.Genre)
			}
			if got, err := splitGenres(joinGenres(form.Genre)); err != nil || !slices.Equal(got, normalize(form.Genre)) {
				t.Fatalf("genres %q written and read back as %q (%v)", form.Genre, got, err)
			}
		})
	})
}

func FuzzCopyRows(f *testing.F) {
	for _, seed := range []string{
		"2f1b1b6e-8c1e-4f57-9a7d-0c1f2a3b4c5d,9780441013593,\"Ace, 1990\",On loan,2030-01-31,member\n",
		",9780441013593,Ace,a,,\n",
		"not-a-uuid,978,Ace,Lost,2030-02-30,x\n",
		"00000000-0000-0000-0000-000000000000,9780441013593,Ace,available,,\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRows(t, Copies, body, func(t *testing.T, fields []string) {
			form, _ := copyForm(fields)
			if form.Errors.Any() {
				return
			}
			if models.StatusName(form.Status) == "" || form.OnLoan() != (form.Borrower != "") || form.OnLoan() != (form.DueBack != "") {
				t.Fatalf("%q: a valid row with status %q, borrower %q, due %q", fields, form.Status, form.Borrower, form.DueBack)
			}
		})
	})
}
