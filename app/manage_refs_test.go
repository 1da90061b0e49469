package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

// A ref typed as "Name #id" picks the row by its number only when the name is that row's: a
// mistyped number is refused rather than saved against another author, language or book.
func TestRefNumberMustMatchItsName(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		ref := func(name string, id int64) string { return fmt.Sprintf("%s #%d", name, id) }
		book := func(author, language string, n int) url.Values {
			return url.Values{"title": {"Tehanu"}, "author": {author}, "summary": {"s"}, "isbn": {isbnNumber(n)},
				"language": {language}, "genre": {fmt.Sprint(s.genre.ID)}}
		}
		lang := fmt.Sprint(s.lang.ID)
		books := []struct {
			name  string
			form  url.Values
			field string
		}{
			{"another author's name", book(ref("Wrote, Nobody", s.author.ID), lang, 1), "author"},
			{"another author's last name", book(ref("Wrote", s.author.ID), lang, 2), "author"},
			{"another language's name", book(fmt.Sprint(s.author.ID), ref("Klingon", s.lang.ID), 3), "language"},
		}
		for _, tt := range books {
			t.Run("book: "+tt.name, func(t *testing.T) {
				r := s.lib.Post("/catalog/book/create/", tt.form)
				if apptest.Status(t, r, http.StatusUnprocessableEntity) {
					apptest.Contains(t, r.Body, `id="id_`+tt.field+`"`, esc(forms.InvalidChoice))
				}
				if n := s.count(t, &models.Book{}, "title = ?", "Tehanu"); n != 0 {
					t.Errorf("%d books saved, want none", n)
				}
			})
		}
		for i, typed := range []string{ref("le guin,URSULA", s.author.ID), ref("Le Guin", s.author.ID), fmt.Sprintf("#%d", s.author.ID)} {
			t.Run("book: "+typed, func(t *testing.T) {
				id := location(t, s.lib.Post("/catalog/book/create/", book(typed, ref(" english ", s.lang.ID), 10+i)), "/catalog/book/")
				if n := s.count(t, &models.Book{}, "id = ? AND author_id = ? AND language_id = ?", id, s.author.ID, s.lang.ID); n != 1 {
					t.Errorf("book %s is not by author %d in language %d", id, s.author.ID, s.lang.ID)
				}
			})
		}
		copyForm := func(book string) url.Values {
			return url.Values{"book": {book}, "imprint": {"Typed ref"}, "status": {"a"}}
		}
		t.Run("copy: another book's title", func(t *testing.T) {
			typed := ref(s.bare.Title, s.book.ID)
			r := s.lib.Post("/catalog/bookinstance/create/", copyForm(typed))
			if apptest.Status(t, r, http.StatusUnprocessableEntity) {
				apptest.Contains(t, r.Body, esc(forms.InvalidChoice))
			}
			if n := s.count(t, &models.BookInstance{}, "imprint = ?", "Typed ref"); n != 0 {
				t.Errorf("%d copies saved, want none", n)
			}
		})
		t.Run("copy: its own title", func(t *testing.T) {
			location(t, s.lib.Post("/catalog/bookinstance/create/", copyForm(ref(s.book.Title, s.book.ID))), "/catalog/bookinstance/")
			if n := s.count(t, &models.BookInstance{}, "imprint = ? AND book_id = ?", "Typed ref", s.book.ID); n != 1 {
				t.Errorf("the copy is not of book %d", s.book.ID)
			}
		})
	})
}
