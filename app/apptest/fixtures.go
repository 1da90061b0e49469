package apptest

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"locallibrary/models"
)

var isbnSeq atomic.Int64

// Author creates an author.
func Author(t testing.TB, db *gorm.DB, first, last string) models.Author {
	t.Helper()
	a := models.Author{FirstName: first, LastName: last}
	must(t, db.Create(&a).Error)
	return a
}

// Genre creates a genre.
func Genre(t testing.TB, db *gorm.DB, name string) models.Genre {
	t.Helper()
	g := models.Genre{Name: name}
	must(t, db.Create(&g).Error)
	return g
}

// Language creates a language.
func Language(t testing.TB, db *gorm.DB, name string) models.Language {
	t.Helper()
	l := models.Language{Name: name}
	must(t, db.Create(&l).Error)
	return l
}

// Book creates a book by author with a fresh valid ISBN, in the given genres and language.
func Book(t testing.TB, db *gorm.DB, title string, author models.Author, lang *models.Language, genres ...models.Genre) models.Book {
	t.Helper()
	digits := fmt.Sprintf("978%09d", 500000000+isbnSeq.Add(1))
	b := models.Book{Title: title, AuthorID: author.ID, Summary: "Summary of " + title,
		ISBN: digits + string(models.ISBN13CheckDigit(digits)), Genres: genres}
	if lang != nil {
		b.LanguageID = &lang.ID
	}
	must(t, db.Omit("Author", "Language", "Genres.*").Create(&b).Error)
	b.Author = author
	return b
}

// Copy creates a copy of book with the given status and due date (nil for none).
func Copy(t testing.TB, db *gorm.DB, book models.Book, status string, due *models.Date) models.BookInstance {
	t.Helper()
	bi := models.BookInstance{ID: uuid.New(), BookID: book.ID, Imprint: "Imprint of " + book.Title, Status: status, DueBack: due}
	must(t, db.Omit("Book", "Borrower").Create(&bi).Error)
	bi.Book = book
	return bi
}

// Date returns a pointer to the day n days from today.
func Date(n int) *models.Date {
	d := models.Today().AddDays(n)
	return &d
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// CountStatements counts every SQL statement GORM sends on db from now on.
func CountStatements(t testing.TB, db *gorm.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	inc := func(tx *gorm.DB) {
		// A dry run renders a subquery into its statement; it sends nothing.
		if !tx.DryRun {
			n.Add(1)
		}
	}
	cb := db.Callback()
	must(t, cb.Query().After("gorm:query").Register("apptest:count", inc))
	must(t, cb.Row().After("gorm:row").Register("apptest:count", inc))
	must(t, cb.Raw().After("gorm:raw").Register("apptest:count", inc))
	must(t, cb.Create().After("gorm:create").Register("apptest:count", inc))
	must(t, cb.Update().After("gorm:update").Register("apptest:count", inc))
	must(t, cb.Delete().After("gorm:delete").Register("apptest:count", inc))
	return &n
}
