package forms

import (
	"strconv"
	"strings"

	"locallibrary/models"
)

// The catalog forms filled from the rows of a CSV file, where an author, a language, genres and
// a book are named rather than chosen, and a copy's status may be written by its name. The
// fields go through the same Validate as on the web; the names through the rules of the forms
// that would create them.

// AuthorFormat is the message for an author not written "Last, First".
const AuthorFormat = "Write the author as “Last, First”."

// NewBookRow is the book form filled from a row of a file: the author written "Last, First"
// (optionally with the "#id" of the book form's text input), and the language and the genres
// by name. Validate checks those names by the author and name forms' rules, so that the missing
// ones can be created.
func NewBookRow(title, author, summary, isbn, language string, genres []string) Book {
	return Book{Title: title, Author: author, Summary: summary, ISBN: isbn, Language: language, Genre: genres, byName: true}
}

// validateNames checks the author, language and genre names of a file's row.
func (f *Book) validateNames() {
	if !f.Errors.Has("author") {
		a, ok := AuthorNamed(f.Author)
		switch {
		case !ok || a.LastName == "" || a.FirstName == "":
			f.Errors.Add("author", AuthorFormat)
		case !a.Validate():
			for _, field := range []struct{ name, label string }{{"last_name", "Last name"}, {"first_name", "First name"}} {
				for _, m := range a.Errors[field.name] {
					f.Errors.Add("author", field.label+": "+m)
				}
			}
		}
		f.named = a
	}
	if !f.Errors.Has("language") {
		n := Name{Name: f.Language}
		if !n.Validate() {
			f.Errors["language"] = n.Errors["name"]
		}
	}
	var names []string
	seen := map[string]bool{}
	for _, g := range f.Genre {
		n := Name{Name: g}
		if strings.TrimSpace(g) == "" {
			continue
		}
		if !n.Validate() {
			for _, m := range n.Errors["name"] {
				f.Errors.Add("genre", m)
			}
			continue
		}
		if k := strings.ToLower(n.Name); !seen[k] {
			seen[k] = true
			names = append(names, n.Name)
		}
	}
	if len(names) == 0 && !f.Errors.Has("genre") {
		f.Errors.Add("genre", Required)
	}
	f.Genre = names
}

// AuthorNamed is the author form for an author written "Last, First" (as the author's String,
// optionally followed by the "#id" of a ref), and whether s had that shape.
func AuthorNamed(s string) (Author, bool) {
	name, _ := models.SplitRef(s)
	last, first, ok := strings.Cut(name, ",")
	return Author{LastName: strings.TrimSpace(last), FirstName: strings.TrimSpace(first)}, ok
}

// NamedAuthor returns the author form of a valid file's row: the author to find, or to create.
func (f *Book) NamedAuthor() Author { return f.named }

// GenresFound records the ids of the genres a file's row names, once found or created, so that
// Book, GenreIDs and Changed see them as the web form's choices.
func (f *Book) GenresFound(ids []int64) {
	f.genreIDs = ids
	f.Genre = make([]string, len(ids))
	for i, id := range ids {
		f.Genre[i] = strconv.FormatInt(id, 10)
	}
}

// NewBookInstanceRow is the copy form filled from a row of a file: the book by its ISBN (checked
// as the book form checks one), and the status by its code or its name ("Available").
func NewBookInstanceRow(isbn, imprint, status, dueBack, borrower string) BookInstance {
	return BookInstance{Book: isbn, Imprint: imprint, Status: models.StatusCode(status), DueBack: dueBack, Borrower: borrower, byISBN: true}
}

// ISBN returns the 13 digits of the book's ISBN of a valid file's row.
func (f *BookInstance) ISBN() string { return f.isbn }
