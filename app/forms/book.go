package forms

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// Messages of the book form.
const (
	ISBNInvalid    = "Enter a valid ISBN: 10 or 13 digits (an ISBN-10 may end in X); hyphens and spaces are allowed."
	ISBNCheckDigit = "This ISBN's check digit is wrong: look for a mistyped digit."
	ISBNExists     = "Book with this ISBN already exists."
)

// Book is the book form (the Django tutorial's BookForm). Author and Language hold what the
// browser sends: an id from a select box, or what the librarian typed when there are too many
// rows for one ("Asimov, Isaac", or "Asimov, Isaac #3" from the suggestions). Filled from a
// row of a file (NewBookRow), they hold names.
type Book struct {
	Title, Author, Summary, ISBN, Language string
	// Genre holds the ids of the genres ticked, or the names of a file's row.
	Genre    []string
	Version  string
	Errors   Errors
	Conflict Conflict
	isbn     string
	genreIDs []int64
	// byName marks a form filled from a file's row, whose author is checked by the author form's
	// rules (into named) and whose language and genres by the name form's.
	byName bool
	named  Author
}

// NewBook reads the submitted book form.
func NewBook(c *fiber.Ctx) Book {
	return Book{Title: value(c, "title"), Author: value(c, "author"), Summary: value(c, "summary"),
		ISBN: value(c, "isbn"), Language: value(c, "language"), Genre: values(c, "genre"), Version: value(c, "version")}
}

// InitialBook is the form for b as stored (with its author, language and genres loaded), or,
// for a new book, with the author of an "Add a book" link filled in.
func InitialBook(b models.Book) Book {
	f := Book{Title: b.Title, Summary: b.Summary, ISBN: b.ISBN, Version: strconv.Itoa(b.Version)}
	if b.AuthorID != 0 {
		b.Author.ID = b.AuthorID
		f.Author = b.Author.Ref()
	}
	if b.Language != nil {
		f.Language = b.Language.Ref()
	}
	for _, g := range b.Genres {
		f.Genre = append(f.Genre, strconv.FormatInt(g.ID, 10))
	}
	return f
}

// Validate checks every field: title (at most 200 characters), author, summary (at most 1000),
// ISBN (10 or 13 digits with a right check digit, stored as 13), language and at least one
// genre. The view then looks the author, language and genres up.
func (f *Book) Validate() bool {
	f.Errors = Errors{}
	f.Title = required(f.Errors, "title", f.Title)
	maxLen(f.Errors, "title", f.Title, 200)
	f.Author = required(f.Errors, "author", f.Author)
	f.Summary = required(f.Errors, "summary", f.Summary)
	maxLen(f.Errors, "summary", f.Summary, 1000)
	if f.ISBN = required(f.Errors, "isbn", f.ISBN); f.ISBN != "" {
		f.isbn = validISBN(f.Errors, "isbn", f.ISBN)
	}
	f.Language = required(f.Errors, "language", f.Language)
	if f.byName {
		f.validateNames()
		return !f.Errors.Any()
	}
	ids, bad := ids(f.Genre)
	for _, v := range bad {
		f.Errors.Add("genre", "Select a valid choice. "+v+" is not one of the available choices.")
	}
	if len(ids) == 0 && len(bad) == 0 {
		f.Errors.Add("genre", Required)
	}
	f.genreIDs = ids
	return !f.Errors.Any()
}

// validISBN checks an ISBN as typed and returns its 13-digit form ("" when invalid).
func validISBN(e Errors, field, v string) string {
	n := models.NormalizeISBN(v)
	wellFormed := false
	switch len(n) {
	case 10:
		wellFormed = strings.Trim(n[:9], "0123456789") == "" && strings.Trim(n[9:], "0123456789X") == ""
	case 13:
		wellFormed = strings.Trim(n, "0123456789") == ""
	}
	switch {
	case !wellFormed:
		e.Add(field, ISBNInvalid)
	case !models.ValidISBN(n):
		e.Add(field, ISBNCheckDigit)
	default:
		return models.ISBN13(n)
	}
	return ""
}

// GenreIDs returns the ids of the genres ticked (after Validate).
func (f *Book) GenreIDs() []int64 { return f.genreIDs }

// Book returns the book the valid form describes, with id (0 for a new one), written by
// authorID in languageID.
func (f *Book) Book(id, authorID, languageID int64) models.Book {
	return models.Book{ID: id, Title: f.Title, AuthorID: authorID, Summary: f.Summary, ISBN: f.isbn,
		LanguageID: &languageID, Version: version(f.Version)}
}

// AuthorSelected reports whether the select box's option id is the author chosen.
func (f Book) AuthorSelected(id int64) bool { return models.RefID(f.Author) == id }

// LanguageSelected reports whether the select box's option id is the language chosen.
func (f Book) LanguageSelected(id int64) bool { return models.RefID(f.Language) == id }

// GenreChecked reports whether the genre id is ticked.
func (f Book) GenreChecked(id int64) bool { return slices.Contains(f.Genre, strconv.FormatInt(id, 10)) }

// UnknownAuthor records that the author chosen does not exist, or err (a
// *models.AmbiguousError) that the name typed fits several.
func (f *Book) UnknownAuthor(err error) {
	var amb *models.AmbiguousError
	switch {
	case errors.As(err, &amb):
		f.Errors.Add("author", "Several authors are called “"+f.Author+"”: choose one of "+strings.Join(amb.Matches, "; ")+".")
	case models.RefID(f.Author) != 0:
		f.Errors.Add("author", InvalidChoice)
	default:
		f.Errors.Add("author", "No author is called “"+f.Author+"”. Type the name as “Last, First”, or create the author first.")
	}
}

// UnknownLanguage records that the language chosen does not exist.
func (f *Book) UnknownLanguage() {
	if models.RefID(f.Language) != 0 {
		f.Errors.Add("language", InvalidChoice)
		return
	}
	f.Errors.Add("language", "No language is called “"+f.Language+"”.")
}

// UnknownGenres records the genre ids chosen that are not among found.
func (f *Book) UnknownGenres(found []int64) {
	for _, id := range f.genreIDs {
		if !slices.Contains(found, id) {
			f.Errors.Add("genre", "Select a valid choice. "+strconv.FormatInt(id, 10)+" is not one of the available choices.")
		}
	}
}

// ChoiceGone records that an author, language or genre chosen was deleted while the book was
// saved.
func (f *Book) ChoiceGone() {
	f.Errors.Add(NonField, "The author, language or a genre you chose was deleted meanwhile: choose again.")
}

// ISBNTaken records that another book has this ISBN.
func (f *Book) ISBNTaken() { f.Errors.Add("isbn", ISBNExists) }

// Fields lists the form's values under their labels, as saved (the ISBN in 13 digits, the
// genres as sorted ids).
func (f *Book) Fields() []Field {
	isbn := f.isbn
	if isbn == "" {
		isbn = f.ISBN
	}
	genres := slices.Clone(f.Genre)
	slices.Sort(genres)
	return []Field{{"Title", f.Title}, {"Author", strconv.FormatInt(models.RefID(f.Author), 10)}, {"Summary", f.Summary},
		{"ISBN", isbn}, {"Language", strconv.FormatInt(models.RefID(f.Language), 10)}, {"Genre", strings.Join(genres, ",")}}
}

// Changed lists the labels of the fields that differ from the stored book, given the author and
// language the form's values were found to be.
func (f *Book) Changed(stored models.Book, authorID, languageID int64) []string {
	after := f.Fields()
	after[1].Value, after[4].Value = strconv.FormatInt(authorID, 10), strconv.FormatInt(languageID, 10)
	before := InitialBook(stored)
	return changedLabels(before.Fields(), after)
}

// ChangedMeanwhile turns the form into current, the book as someone else just saved it,
// keeping the user's values aside in Conflict.
func (f *Book) ChangedMeanwhile(current models.Book) {
	mine := f.Fields()
	*f = InitialBook(current)
	f.Errors = Errors{}
	f.Conflict = conflict(f.Errors, "book", mine, f.Fields())
	// Ids mean nothing to people: the choices the user made differently are named by label only.
	for i := range f.Conflict.Yours {
		switch f.Conflict.Yours[i].Label {
		case "Author", "Language", "Genre":
			f.Conflict.Yours[i].Value = "(a different choice)"
		}
	}
}
