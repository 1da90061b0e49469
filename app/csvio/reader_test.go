package csvio

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"
)

const booksHeader = "title,author,summary,isbn,language,genres\n"

// readAll reads a books file as an import does, without a database: every row's values, and
// every error found in reading (a file it cannot read further ends with its error).
func readAll(body string) (rows [][]string, errs []string) {
	rd, err := newReader(strings.NewReader(body), Books)
	if err != nil {
		return nil, []string{err.Error()}
	}
	for {
		rec, err := rd.next()
		if errors.Is(err, io.EOF) {
			return rows, errs
		}
		if err != nil {
			return rows, append(errs, err.Error())
		}
		for _, e := range rec.errs {
			errs = append(errs, e.Error())
		}
		if len(rec.errs) == 0 {
			rows = append(rows, slices.Clone(rec.fields))
		}
	}
}

func TestReaderHostileFiles(t *testing.T) {
	row := "Dune,\"Herbert, Frank\",Spice.,9780441013593,English,Science Fiction\n"
	tests := []struct {
		name     string
		body     string
		rows     int
		wantErrs []string
	}{
		{"plain", booksHeader + row, 1, nil},
		{"byte order mark", "\xEF\xBB\xBF" + booksHeader + row, 1, nil},
		{"CRLF line ends", strings.ReplaceAll(booksHeader+row, "\n", "\r\n"), 1, nil},
		{"columns in another order, names in capitals", "ISBN,Title,Author,Summary,Language,Genres\n9780441013593,Dune,\"Herbert, Frank\",Spice.,English,SF\n", 1, nil},
		{"semicolons", "title;author;summary;isbn;language;genres\nDune;Herbert, Frank;Spice.;9780441013593;English;\"SF; Epic\"\n", 1, nil},
		{"blank rows skipped", booksHeader + "\n,,,,,\n" + row + " , ,,,,\n", 1, nil},
		{"UTF-16", "\xFF\xFEt\x00i\x00", 0, []string{"row 1: the file is UTF-16 text: save it as “CSV UTF-8” (comma-separated)"}},
		{"tabs", "title\tauthor\tsummary\tisbn\tlanguage\tgenres\n", 0, []string{"row 1: the file is not comma-separated (its columns are separated by tabs): save it as CSV"}},
		{"empty", "", 0, []string{"row 1: the file is empty: its first row must name the columns title, author, summary, isbn, language, genres"}},
		{"header missing a column", "title,author,summary,language,genres\n", 0,
			[]string{"row 1: the first row must name the columns title, author, summary, isbn, language, genres (in any order); missing: “isbn”"}},
		{"extra and repeated columns", "title,author,summary,isbn,language,genres,price,Title,\n", 0,
			[]string{"row 1: the first row must name the columns title, author, summary, isbn, language, genres (in any order); unknown: “price”, “(no name)”; repeated: “title”"}},
		{"no header", row, 0, []string{"row 1: the first row must name the columns title, author, summary, isbn, language, genres (in any order); " +
			"missing: “title”, “author”, “summary”, “isbn”, “language” and 1 more; unknown: “dune”, “herbert, frank”, “spice.”, “9780441013593”, “english” and 1 more"}},
		{"10,000 columns in the header", strings.Repeat("x,", 9999) + "x\n" + row, 0,
			[]string{"row 1: the first row must name the columns title, author, summary, isbn, language, genres (in any order); missing: “title”, “author”, “summary”, “isbn”, “language” and 1 more; unknown: “x”"}},
		{"10,000 columns in a row", booksHeader + strings.Repeat("x,", 9999) + "x\n" + row, 1, []string{"row 2: expected 6 columns, as in the header, but found 10000"}},
		{"a row without end", booksHeader + row + strings.Repeat("x", 1<<20), 1, []string{"row 3: a row is longer than 256 KB: is this a CSV file of title, author, summary, isbn, language, genres?"}},
		{"a quote never closed", booksHeader + row + "\"Dune,x,y,z,w,v\n" + strings.Repeat("more\n", 100000), 1,
			[]string{"row 3: a row is longer than 256 KB: is this a CSV file of title, author, summary, isbn, language, genres?"}},
		{"Latin-1", booksHeader + row + "Caf\xe9,\"A, B\",s,9780441013593,English,SF\n", 1, []string{"row 3: title: the file is not UTF-8 text: save it as “CSV UTF-8”"}},
		{"NUL", booksHeader + "Du\x00ne,\"A, B\",s,9780441013593,English,SF\n" + row, 1, []string{"row 2: title: contains a NUL character"}},
		{"bare quote", booksHeader + "Dune \"2\",\"A, B\",s,9780441013593,English,SF\n", 0,
			[]string{`row 2: a value that is not in quotes contains a quote ("): put the value in quotes and double its quotes ("")`}},
		{"text after a closing quote", booksHeader + "\"Dune\" 2,\"A, B\",s,9780441013593,English,SF\n", 0,
			[]string{`row 2: a value in quotes has no closing quote, or text after it: double the quotes ("") inside a quoted value`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, errs := readAll(tt.body)
			if len(rows) != tt.rows || !slices.Equal(errs, tt.wantErrs) {
				t.Errorf("%d rows, errors\n%q\nwant %d rows, errors\n%q", len(rows), errs, tt.rows, tt.wantErrs)
			}
		})
	}
}

func TestReaderNumbersRowsAsASpreadsheet(t *testing.T) {
	body := booksHeader +
		"\"Two\nlines\",\"A, B\",s,1,x,y\n" + // row 2 spans two lines
		"\"Three\n\nlines\",\"A, B\",s,1,x,y\n" + // row 3 spans three
		"\n" + // row 4 is blank, as the spreadsheet shows it
		"Bad\x00,\"A, B\",s,1,x,y\n" // row 5
	_, errs := readAll(body)
	if want := []string{"row 5: title: contains a NUL character"}; !slices.Equal(errs, want) {
		t.Errorf("errors %q, want %q", errs, want)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, v := range []string{"", "plain", "=1+1", "+33 1", "-minus", "@sum", "\tTab", "\rCR", "'", "''", "'=x", "'plain", "=", "a=b"} {
		t.Run(v, func(t *testing.T) {
			e := escape(v)
			if unescape(e) != v {
				t.Errorf("unescape(escape(%q)) = %q", v, unescape(e))
			}
			if e != "" && strings.IndexByte("=+-@\t\r", e[0]) >= 0 {
				t.Errorf("escape(%q) = %q still starts a formula", v, e)
			}
		})
	}
	if got := unescape("'=typed in a spreadsheet"); got != "=typed in a spreadsheet" {
		t.Errorf("a spreadsheet's own escape is kept: %q", got)
	}
}

func TestGenreList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Fantasy", []string{"Fantasy"}},
		{"Fantasy; Science Fiction", []string{"Fantasy", "Science Fiction"}},
		{" Fantasy ;Science Fiction; ", []string{"Fantasy", "Science Fiction"}},
		{`Fantasy; "Sword; Sorcery"; "Say ""hi"""`, []string{"Fantasy", "Sword; Sorcery", `Say "hi"`}},
		{"Fantasy\nHorror", []string{"Fantasy", "Horror"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := splitGenres(tt.in)
			if err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("splitGenres(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
	names := []string{"Fantasy", "Sword; Sorcery", `"Quoted"`, "Multi\nline", "Ünïcode"}
	if got, err := splitGenres(joinGenres(names)); err != nil || !slices.Equal(got, names) {
		t.Errorf("round trip of %q: %q, %v", names, got, err)
	}
}
