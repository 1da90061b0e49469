package csvio

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// joinGenres writes a book's genres in one value, "Fantasy; Science Fiction": a name with a
// semicolon, a quote or a line break goes in quotes, with its quotes doubled, so that
// splitGenres reads every name back.
func joinGenres(names []string) string {
	parts := make([]string, len(names))
	for i, n := range names {
		if strings.ContainsAny(n, ";\"\r\n") {
			n = `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
		parts[i] = n
	}
	return strings.Join(parts, "; ")
}

// splitGenres reads the names of a genres value: separated by semicolons (or line breaks),
// quoted as joinGenres quotes them; spaces around a name are dropped, and so are empty names.
func splitGenres(s string) ([]string, error) {
	if !strings.Contains(s, `"`) {
		var names []string
		for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }) {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		return names, nil
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma, r.FieldsPerRecord, r.TrimLeadingSpace, r.LazyQuotes = ';', -1, true, true
	var names []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return names, nil
		}
		if err != nil {
			return nil, errors.New("separate the genres with semicolons, and put a name that has a semicolon in quotes")
		}
		for _, n := range rec {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
}
