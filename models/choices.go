package models

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// SelectLimit is the most rows a select box offers. Beyond it a form shows a text input, where
// people type a name (or an ISBN), with a short list of suggestions.
const SelectLimit = 1000

// SuggestionLimit bounds the suggestions offered beside such a text input.
const SuggestionLimit = 50

// Option is one choice of a field that refers to another row: its id, the label people read and
// the text they would type for it in a text input.
type Option struct {
	ID    int64
	Label string
	Text  string
}

// Choices are what a field referring to a table offers: every row when there are at most
// SelectLimit (a select box), or else (Many) the latest rows added, as suggestions for a text
// input.
type Choices struct {
	Options []Option
	Many    bool
}

// choices reads the options of q: one query while the table fits a select box, a second for
// the suggestions when it does not. The first query reads at most SelectLimit+1 rows, which is
// how it learns that the table is too big without counting it.
func choices[T any](q *gorm.DB, order, newest, what string, option func(T) Option) (Choices, error) {
	var rows []T
	if err := q.Session(&gorm.Session{}).Order(order).Limit(SelectLimit + 1).Find(&rows).Error; err != nil {
		return Choices{}, fmt.Errorf("%s choices: %w", what, err)
	}
	many := len(rows) > SelectLimit
	if many {
		rows = nil
		if err := q.Session(&gorm.Session{}).Order(newest).Limit(SuggestionLimit).Find(&rows).Error; err != nil {
			return Choices{}, fmt.Errorf("%s suggestions: %w", what, err)
		}
	}
	opts := make([]Option, len(rows))
	for i, r := range rows {
		opts[i] = option(r)
	}
	return Choices{Options: opts, Many: many}, nil
}

// AuthorChoices offers the authors, by name, for the book form.
func AuthorChoices(ctx context.Context, db *gorm.DB) (Choices, error) {
	return choices(db.WithContext(ctx).Model(&Author{}), authorOrder.sql(false, false), "id DESC", "author", func(a Author) Option {
		return Option{ID: a.ID, Label: a.String(), Text: a.Ref()}
	})
}

// LanguageChoices offers the languages, by name, for the book form.
func LanguageChoices(ctx context.Context, db *gorm.DB) (Choices, error) {
	return choices(db.WithContext(ctx).Model(&Language{}), nameOrder, "id DESC", "language", func(l Language) Option {
		return Option{ID: l.ID, Label: l.Name, Text: l.Ref()}
	})
}

// BookChoices offers the books, by title and author, for the copy form.
func BookChoices(ctx context.Context, db *gorm.DB) (Choices, error) {
	q := db.WithContext(ctx).Model(&Book{}).Joins("Author")
	return choices(q, bookOrder.sql(false, false), "catalog_book.id DESC", "book", func(b Book) Option {
		return Option{ID: b.ID, Label: b.Title + " (" + b.Author.String() + ")", Text: b.Ref()}
	})
}

// GenreOptions lists every genre by name, in one query, for the book form's check boxes.
func GenreOptions(ctx context.Context, db *gorm.DB) ([]Option, error) {
	var genres []Genre
	if err := db.WithContext(ctx).Order(nameOrder).Find(&genres).Error; err != nil {
		return nil, fmt.Errorf("genre choices: %w", err)
	}
	opts := make([]Option, len(genres))
	for i, g := range genres {
		opts[i] = Option{ID: g.ID, Label: g.Name, Text: g.Name}
	}
	return opts, nil
}

// Ref is how an author is written in a text input: "Asimov, Isaac #3". The number makes it
// unambiguous; people may leave it out.
func (a Author) Ref() string { return a.String() + " #" + strconv.FormatInt(a.ID, 10) }

// Ref is how a language is written in a text input: "English #4".
func (l Language) Ref() string { return l.Name + " #" + strconv.FormatInt(l.ID, 10) }

// Ref is how a book is written in a text input: "Foundation #9" (its ISBN works too).
func (b Book) Ref() string { return b.Title + " #" + strconv.FormatInt(b.ID, 10) }

// refNumber matches text ending in "#<id>".
var refNumber = regexp.MustCompile(`#([0-9]{1,18})\s*$`)

// parseRef reads what a field referring to a row holds: an id (a select box's value, or typed
// as "... #12"), or else the text typed.
func parseRef(s string) (id int64, text string) {
	s = strings.TrimSpace(s)
	if m := refNumber.FindStringSubmatch(s); m != nil {
		id, _ = strconv.ParseInt(m[1], 10, 64)
		return id, ""
	}
	if s != "" && strings.Trim(s, "0123456789") == "" && len(s) <= 18 {
		id, _ = strconv.ParseInt(s, 10, 64)
		return id, ""
	}
	return 0, s
}

// SplitRef separates the number from text typed as a ref ("Smith, John #12" → "Smith, John",
// 12); text without one comes back whole (trimmed), with 0.
func SplitRef(s string) (string, int64) {
	s = strings.TrimSpace(s)
	loc := refNumber.FindStringSubmatchIndex(s)
	if loc == nil {
		return s, 0
	}
	id, err := strconv.ParseInt(s[loc[2]:loc[3]], 10, 64)
	if err != nil || id == 0 {
		return s, 0
	}
	return strings.TrimSpace(s[:loc[0]]), id
}

// RefID returns the id s names — a select box's value, or text typed ending in "#<id>" — or 0
// when s names its row by a name typed.
func RefID(s string) int64 {
	id, _ := parseRef(s)
	return id
}

// AmbiguousError is returned when a name typed matches several rows.
type AmbiguousError struct {
	// Matches are the rows' refs ("Smith, John #12"), a few at most.
	Matches []string
}

func (e *AmbiguousError) Error() string {
	return "several rows match: " + strings.Join(e.Matches, "; ")
}

// LookupAuthor finds the author s refers to: an id, "Last, First" or a last name alone,
// ignoring case. No match is ErrNotFound, several an *AmbiguousError.
func LookupAuthor(ctx context.Context, db *gorm.DB, s string) (Author, error) {
	id, text := parseRef(s)
	q := db.WithContext(ctx).Model(&Author{})
	switch last, first, ok := strings.Cut(text, ","); {
	case id != 0:
		q = q.Where("id = ?", id)
	case text == "":
		return Author{}, ErrNotFound
	case ok:
		q = q.Where("casefold(last_name) = casefold(?) AND casefold(first_name) = casefold(?)",
			strings.TrimSpace(last), strings.TrimSpace(first))
	default:
		q = q.Where("casefold(last_name) = casefold(?)", text)
	}
	var found []Author
	if err := q.Order(authorOrder.sql(false, false)).Limit(5).Find(&found).Error; err != nil {
		return Author{}, fmt.Errorf("look up author %q: %w", s, err)
	}
	switch {
	case len(found) == 0 || (len(found) == 1 && !refNames(s, found[0].named)):
		return Author{}, ErrNotFound
	case len(found) == 1:
		return found[0], nil
	}
	refs := make([]string, len(found))
	for i, a := range found {
		refs[i] = a.Ref()
	}
	return Author{}, &AmbiguousError{Matches: refs}
}

// LookupLanguage finds the language s refers to: an id, or its name ignoring case.
func LookupLanguage(ctx context.Context, db *gorm.DB, s string) (Language, error) {
	id, text := parseRef(s)
	q := db.WithContext(ctx)
	switch {
	case id != 0:
		q = q.Where("id = ?", id)
	case text != "":
		q = q.Where("casefold(name) = casefold(?)", text)
	default:
		return Language{}, ErrNotFound
	}
	var l Language
	if err := Take(q, &l, "language", s); err != nil {
		return l, err
	}
	if !refNames(s, func(typed string) bool { return NameKey(typed) == NameKey(l.Name) }) {
		return Language{}, ErrNotFound
	}
	return l, nil
}

// LookupBook finds the book s refers to: its ISBN (10 or 13 digits, hyphens allowed) or an id.
func LookupBook(ctx context.Context, db *gorm.DB, s string) (Book, error) {
	q := db.WithContext(ctx).Joins("Author")
	if isbn := NormalizeISBN(s); ValidISBN(isbn) {
		q = q.Where("catalog_book.isbn = ?", ISBN13(isbn))
	} else if id, _ := parseRef(s); id != 0 {
		q = q.Where("catalog_book.id = ?", id)
	} else {
		return Book{}, ErrNotFound
	}
	var b Book
	if err := Take(q, &b, "book", s); err != nil {
		return b, err
	}
	if !refNames(s, func(typed string) bool { return NameKey(typed) == NameKey(b.Title) }) {
		return Book{}, ErrNotFound
	}
	return b, nil
}

// refNames reports whether the name typed before a ref's "#<id>", if any, is the row's
// (matches), so that a mistyped number is not taken for another row. A number alone, or a
// select box's value, names nothing to compare.
func refNames(s string, matches func(typed string) bool) bool {
	typed, id := SplitRef(s)
	return id == 0 || typed == "" || matches(typed)
}

// named reports whether typed names the author as a ref does: "Last, First" or the last name
// alone, ignoring case and the spaces around each part.
func (a Author) named(typed string) bool {
	if NameKey(typed) == NameKey(a.String()) || NameKey(typed) == NameKey(a.LastName) {
		return true
	}
	last, first, ok := strings.Cut(typed, ",")
	return ok && AuthorKey(last, first) == AuthorKey(a.LastName, a.FirstName)
}
