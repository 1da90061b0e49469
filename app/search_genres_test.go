package app_test

import (
	"fmt"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// TestSearchBooksInTwoMatchingGenres searches a text in the names of two genres, with most of
// the books found in both: each book is counted and listed once, and the books of one genre
// only are not crowded out by the other's links to the same books, in the catalog search and in
// the admin's book and copy searches.
func TestSearchBooksInTwoMatchingGenres(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		both, one := 600, 300
		must(t, s.db.Transaction(func(tx *gorm.DB) error {
			scifi := apptest.Genre(t, tx, "Science Fiction")
			historical := apptest.Genre(t, tx, "Historical Fiction")
			for i := range both + one {
				title, genres := fmt.Sprintf("Alpha %04d", i), []models.Genre{scifi, historical}
				if i >= both {
					title, genres = fmt.Sprintf("Zeta %04d", i), []models.Genre{historical}
				}
				b := apptest.Book(t, tx, title, s.author, nil, genres...)
				apptest.Copy(t, tx, b, models.StatusAvailable, nil)
			}
			return nil
		}))
		r := s.su.Get("/catalog/search/?q=fiction&page=last")
		apptest.Status(t, r, 200)
		apptest.Contains(t, r.Body, fmt.Sprintf("%d books found", both+one))
		apptest.Contains(t, r.Body, fmt.Sprintf("Zeta %04d", both+one-1))
		r = s.su.Get("/admin/catalog/book/?q=fiction")
		apptest.Status(t, r, 200)
		apptest.Contains(t, r.Body, fmt.Sprintf("%d books found", both+one))
		r = s.su.Get("/admin/catalog/bookinstance/?q=fiction")
		apptest.Status(t, r, 200)
		apptest.Contains(t, r.Body, fmt.Sprintf("%d copies found", both+one))
	})
}

// TestSearchISBNFragmentOfTenDigits searches a part of an ISBN-13 typed with hyphens, ten digits
// long, that happen to make a valid ISBN-10: the book carrying it is found, as well as the book
// whose ISBN-13 that ISBN-10 is.
func TestSearchISBNFragmentOfTenDigits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		carrying := apptest.Book(t, s.db, "Carrying the fragment", s.author, nil, s.genre)
		must(t, s.db.Model(&carrying).Update("isbn", "9781473215894").Error)
		named := apptest.Book(t, s.db, "Named by the ISBN-10", s.author, nil, s.genre)
		must(t, s.db.Model(&named).Update("isbn", models.ISBN13("9781473215")).Error)
		r := s.su.Get("/catalog/search/?q=978-1-473-215")
		apptest.Status(t, r, 200)
		apptest.Contains(t, r.Body, "2 books found")
		apptest.Contains(t, r.Body, "Carrying the fragment")
		apptest.Contains(t, r.Body, "Named by the ISBN-10")
	})
}
