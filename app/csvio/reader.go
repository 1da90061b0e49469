package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxRecord bounds the bytes of one row: a book's longest valid row is a few kilobytes, and a
// row without end (a binary file, a field whose quote never closes, 10,000 columns of text) is
// refused there rather than read into memory whole.
const maxRecord = 256 << 10

// errTooLong is the guard's refusal of a row longer than maxRecord.
var errTooLong = errors.New("row too long")

// guard counts the bytes read since the last reset and refuses to read past maxRecord.
type guard struct {
	r io.Reader
	n int
}

func (g *guard) Read(p []byte) (int, error) {
	if g.n >= maxRecord {
		return 0, errTooLong
	}
	if len(p) > maxRecord-g.n {
		p = p[:maxRecord-g.n]
	}
	n, err := g.r.Read(p)
	g.n += n
	return n, err
}

// record is one data row read: its row number, its values in the order of Columns (nil when
// the row has the wrong number of columns) and what is wrong with it as read.
type record struct {
	row    int
	fields []string
	errs   []RowError
}

// reader reads a file's rows with the guards an untrusted file needs: a UTF-8 byte order mark
// is dropped, the separator is a comma (or a semicolon, as spreadsheets in some locales write
// CSV), the header must name the kind's columns, rows are bounded in size and must be UTF-8.
type reader struct {
	csv   *csv.Reader
	guard *guard
	cols  []string
	// at maps each of cols to its position in the file's rows.
	at []int
	// extra counts the line breaks inside the quoted values read so far, which make the file's
	// line numbers run ahead of the rows a spreadsheet shows.
	extra int
	// last is the row read last.
	last int
}

// newReader reads the header of r. A file it cannot read as kind's CSV gives a *RowError.
func newReader(r io.Reader, kind Kind) (*reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("\xEF\xBB\xBF")):
		_, _ = br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xFF\xFE")) || bytes.HasPrefix(head, []byte("\xFE\xFF")):
		return nil, &RowError{Row: 1, Message: "the file is UTF-16 text: save it as “CSV UTF-8” (comma-separated)"}
	}
	comma, err := separator(br)
	if err != nil {
		return nil, err
	}
	g := &guard{r: br}
	cr := csv.NewReader(g)
	cr.Comma, cr.ReuseRecord = comma, true
	rd := &reader{csv: cr, guard: g, cols: Columns(kind)}
	return rd, rd.header()
}

// separator peeks at the header line: a comma, or a semicolon when the header has one and no
// comma. A tab-separated file is refused with a message saying so.
func separator(br *bufio.Reader) (rune, error) {
	line, err := br.Peek(br.Size())
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, err
	}
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	switch {
	case bytes.IndexByte(line, ',') >= 0:
		return ',', nil
	case bytes.IndexByte(line, ';') >= 0:
		return ';', nil
	case bytes.IndexByte(line, '\t') >= 0:
		return 0, &RowError{Row: 1, Message: "the file is not comma-separated (its columns are separated by tabs): save it as CSV"}
	}
	return ',', nil
}

// header reads the first row and maps the kind's columns to their places in it.
func (rd *reader) header() error {
	rec, err := rd.read()
	if errors.Is(err, io.EOF) {
		return &RowError{Row: 1, Message: "the file is empty: its first row must name the columns " + strings.Join(rd.cols, ", ")}
	}
	if err != nil {
		return err
	}
	place := map[string]int{}
	strange := map[string]bool{}
	var unknown, twice []string
	for i, h := range rec.fields {
		h = strings.ToLower(strings.TrimSpace(h))
		if h == "" {
			h = "(no name)"
		}
		switch _, seen := place[h]; {
		case !contains(rd.cols, h):
			if !strange[h] {
				strange[h] = true
				unknown = append(unknown, h)
			}
		case seen:
			twice = append(twice, h)
		default:
			place[h] = i
		}
	}
	var missing []string
	rd.at = make([]int, len(rd.cols))
	for i, c := range rd.cols {
		p, ok := place[c]
		if !ok {
			missing = append(missing, c)
		}
		rd.at[i] = p
	}
	if len(missing)+len(unknown)+len(twice) == 0 {
		return nil
	}
	msg := "the first row must name the columns " + strings.Join(rd.cols, ", ") + " (in any order)"
	for _, part := range []struct {
		what  string
		names []string
	}{{"missing", missing}, {"unknown", unknown}, {"repeated", twice}} {
		if len(part.names) > 0 {
			msg += "; " + part.what + ": " + list(part.names, 5)
		}
	}
	return &RowError{Row: rec.row, Message: msg}
}

// next reads the next data row, skipping blank ones. At the end it returns io.EOF; a file that
// cannot be read further gives a *RowError.
func (rd *reader) next() (record, error) {
	for {
		rec, err := rd.read()
		if err != nil {
			return rec, err
		}
		if blank(rec.fields) {
			continue
		}
		if len(rec.fields) != len(rd.at) {
			rec.errs = append(rec.errs, RowError{Row: rec.row, Message: "expected " + strconv.Itoa(len(rd.cols)) +
				" columns, as in the header, but found " + strconv.Itoa(len(rec.fields))})
			rec.fields = nil
			return rec, nil
		}
		fields := make([]string, len(rd.at))
		for i, p := range rd.at {
			fields[i] = unescape(rec.fields[p])
			if strings.IndexByte(fields[i], 0) >= 0 {
				rec.errs = append(rec.errs, RowError{Row: rec.row, Field: rd.cols[i], Message: "contains a NUL character"})
			}
		}
		rec.fields = fields
		return rec, nil
	}
}

// read reads one row as the file has it, numbered as a spreadsheet shows it. Its fields are
// only valid until the next read.
func (rd *reader) read() (record, error) {
	rd.guard.n = 0
	fields, err := rd.csv.Read()
	var pe *csv.ParseError
	switch {
	case errors.Is(err, io.EOF):
		return record{}, io.EOF
	case errors.Is(err, errTooLong):
		return record{}, &RowError{Row: rd.last + 1, Message: "a row is longer than " + strconv.Itoa(maxRecord>>10) +
			" KB: is this a CSV file of " + strings.Join(rd.cols, ", ") + "?"}
	case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount):
		// The row is read whole; next reports the count.
	case errors.As(err, &pe):
		return record{}, &RowError{Row: rd.rowAt(pe.StartLine), Message: quoteMessage(pe)}
	case err != nil:
		return record{}, err
	}
	line, _ := rd.csv.FieldPos(0)
	rec := record{row: rd.rowAt(line), fields: fields}
	rd.last = rec.row
	for i, f := range fields {
		if !utf8.ValidString(f) {
			return record{}, &RowError{Row: rec.row, Field: rd.column(i), Message: "the file is not UTF-8 text: save it as “CSV UTF-8”"}
		}
		rd.extra += strings.Count(f, "\n")
	}
	return rec, nil
}

// rowAt turns a line of the file into the row a spreadsheet shows.
func (rd *reader) rowAt(line int) int { return line - rd.extra }

// column names the column at position i of the file's rows ("" before the header is read, or
// beyond its columns).
func (rd *reader) column(i int) string {
	for c, p := range rd.at {
		if p == i {
			return rd.cols[c]
		}
	}
	return ""
}

func quoteMessage(pe *csv.ParseError) string {
	if errors.Is(pe.Err, csv.ErrBareQuote) {
		return `a value that is not in quotes contains a quote ("): put the value in quotes and double its quotes ("")`
	}
	return `a value in quotes has no closing quote, or text after it: double the quotes ("") inside a quoted value`
}

func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// list joins up to n names in quotes, counting the rest.
func list(names []string, n int) string {
	var b strings.Builder
	for i, name := range names {
		if i == n {
			b.WriteString(" and " + strconv.Itoa(len(names)-n) + " more")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		name = strings.Map(func(r rune) rune {
			if r < ' ' || r == utf8.RuneError {
				return -1
			}
			return r
		}, name)
		if len(name) > 40 {
			name = strings.ToValidUTF8(name[:40], "") + "…"
		}
		b.WriteString("“" + name + "”")
	}
	return b.String()
}
