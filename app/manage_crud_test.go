package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/google/uuid"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// lastLog returns the newest change log entry.
func (s *shelf) lastLog(t *testing.T) models.LogEntry {
	t.Helper()
	var e models.LogEntry
	if err := s.db.Order("id DESC").Take(&e).Error; err != nil {
		t.Fatal(err)
	}
	return e
}

// checkLog checks the newest change log entry: by libby, on contentType objectID, saying msg.
func (s *shelf) checkLog(t *testing.T, contentType, objectID, msg string) {
	t.Helper()
	e := s.lastLog(t)
	if e.UserID == nil || *e.UserID != s.libby.ID || e.ContentType != contentType || e.ObjectID != objectID || e.Message() != msg {
		t.Errorf("last log entry %+v (%q), want libby on %s %s: %q", e, e.Message(), contentType, objectID, msg)
	}
}

func TestAuthorCreateUpdateDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		r := s.lib.Post("/catalog/author/create/", url.Values{"first_name": {" Seán "}, "last_name": {"O'Brien-García"}, "date_of_birth": {"1911-10-05"}})
		id := location(t, r, "/catalog/author/")
		page := s.lib.Get("/catalog/author/" + id).Body
		apptest.Contains(t, page, "Author created.", "Author: O&#39;Brien-García, Seán", "Oct. 5, 1911 - ", "Last changed by libby on ", "Added.")
		var a models.Author
		s.db.Take(&a, id)
		if a.FirstName != "Seán" || a.LastName != "O'Brien-García" || a.DateOfBirth.String() != "1911-10-05" || a.DateOfDeath != nil || a.Version != 1 {
			t.Fatalf("created %+v", a)
		}
		s.checkLog(t, models.ContentAuthor, id, "Added.")

		form := s.lib.Get("/catalog/author/" + id + "/update/").Body
		apptest.Contains(t, form, `value="Seán"`, `value="O&#39;Brien-García"`, `value="1911-10-05"`, `name="version" value="1"`)
		// An id in the form is ignored: the author changed is the one the URL names.
		r = s.lib.Post("/catalog/author/"+id+"/update/", url.Values{"first_name": {"Seán"}, "last_name": {"O'Brien-García"},
			"date_of_birth": {"1911-10-05"}, "date_of_death": {"1966-04-01"}, "version": {"1"}, "id": {fmt.Sprint(s.lonely.ID)}})
		apptest.Redirect(t, r, http.StatusSeeOther, "/catalog/author/"+id)
		apptest.Contains(t, s.lib.Get("/catalog/author/"+id).Body, "Author updated.", "Oct. 5, 1911 - April 1, 1966", "Changed Died.")
		s.db.Take(&a, id)
		if a.DateOfDeath == nil || a.DateOfDeath.String() != "1966-04-01" || a.Version != 2 {
			t.Fatalf("updated %+v", a)
		}
		s.checkLog(t, models.ContentAuthor, id, "Changed Died.")
		if s.count(t, &models.Author{}, "id = ? AND first_name = ? AND version = 1", s.lonely.ID, "Nobody") != 1 {
			t.Error("the author named by the form's id field changed")
		}
		// Only staff see who changed an object.
		apptest.Excludes(t, s.member.Get("/catalog/author/"+id).Body, "Last changed by")
		apptest.Excludes(t, s.anon.Get("/catalog/author/"+id).Body, "Last changed by")

		apptest.Contains(t, s.lib.Get("/catalog/author/"+id+"/delete/").Body, "Are you sure you want to delete the author: O&#39;Brien-García, Seán?")
		apptest.Redirect(t, s.lib.Post("/catalog/author/"+id+"/delete/", nil), http.StatusSeeOther, "/catalog/authors/")
		apptest.Contains(t, s.lib.Get("/catalog/authors/").Body, "Author deleted: O&#39;Brien-García, Seán.")
		if n := s.count(t, &models.Author{}, "id = ?", id); n != 0 {
			t.Errorf("the author is still there")
		}
		s.checkLog(t, models.ContentAuthor, id, "Deleted.")
		apptest.Status(t, s.lib.Get("/catalog/author/"+id), http.StatusNotFound)
	})
}

func TestGenreAndLanguageCreateUpdateDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		for _, m := range []struct {
			model, noun, content string
			table                any
		}{{"genre", "Genre", models.ContentGenre, &models.Genre{}}, {"language", "Language", models.ContentLanguage, &models.Language{}}} {
			t.Run(m.model, func(t *testing.T) {
				base := "/catalog/" + m.model + "/"
				id := location(t, s.lib.Post(base+"create/", url.Values{"name": {" Poésie & <Prose> "}}), base)
				apptest.Contains(t, s.lib.Get(base+id).Body, m.noun+" created.", m.noun+": Poésie &amp; &lt;Prose&gt;")
				if n := s.count(t, m.table, "id = ? AND name = ? AND version = 1", id, "Poésie & <Prose>"); n != 1 {
					t.Fatalf("the %s was not stored raw", m.model)
				}
				s.checkLog(t, m.content, id, "Added.")
				apptest.Redirect(t, s.lib.Post(base+id+"/update/", url.Values{"name": {"Poetry"}, "version": {"1"}}), http.StatusSeeOther, base+id)
				apptest.Contains(t, s.lib.Get(base+id).Body, m.noun+" updated.", m.noun+": Poetry")
				if n := s.count(t, m.table, "id = ? AND name = ? AND version = 2", id, "Poetry"); n != 1 {
					t.Fatalf("the %s was not renamed", m.model)
				}
				s.checkLog(t, m.content, id, "Changed Name.")
				apptest.Redirect(t, s.lib.Post(base+id+"/delete/", nil), http.StatusSeeOther, base[:len(base)-1]+"s/")
				apptest.Contains(t, s.lib.Get(base[:len(base)-1]+"s/").Body, m.noun+" deleted: Poetry.")
				if n := s.count(t, m.table, "id = ?", id); n != 0 {
					t.Errorf("the %s is still there", m.model)
				}
				s.checkLog(t, m.content, id, "Deleted.")
			})
		}
	})
}

// bookGenres lists the genre ids of a book, sorted.
func (s *shelf) bookGenres(t *testing.T, bookID string) []int64 {
	t.Helper()
	var ids []int64
	if err := s.db.Raw("SELECT genre_id FROM catalog_book_genre WHERE book_id = ? ORDER BY genre_id", bookID).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	return ids
}

func TestBookCreateUpdateDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		scifi := apptest.Genre(t, s.db, "Science Fiction")
		apptest.Contains(t, s.lib.Get("/catalog/book/create/?author="+fmt.Sprint(s.author.ID)).Body,
			fmt.Sprintf(`<option value="%d" selected>Le Guin, Ursula</option>`, s.author.ID))
		form := url.Values{"title": {"The Dispossessed"}, "author": {fmt.Sprint(s.author.ID)}, "summary": {"Anarres & Urras."},
			"isbn": {"0-06-051275-X"}, "language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(s.genre.ID), fmt.Sprint(scifi.ID)}}
		id := location(t, s.lib.Post("/catalog/book/create/", form), "/catalog/book/")
		apptest.Contains(t, s.lib.Get("/catalog/book/"+id).Body, "Book created.", "Title: The Dispossessed", "9780060512750",
			">Fantasy</a>, <a href=\""+genrePath(scifi)+"\">Science Fiction</a>")
		var b models.Book
		s.db.Take(&b, id)
		if b.Title != "The Dispossessed" || b.AuthorID != s.author.ID || b.ISBN != "9780060512750" || *b.LanguageID != s.lang.ID || b.Version != 1 {
			t.Fatalf("created %+v", b)
		}
		if got := s.bookGenres(t, id); !slices.Equal(got, []int64{s.genre.ID, scifi.ID}) {
			t.Errorf("genres %v", got)
		}
		s.checkLog(t, models.ContentBook, id, "Added.")

		page := s.lib.Get("/catalog/book/" + id + "/update/").Body
		apptest.Contains(t, page, `value="The Dispossessed"`, "Anarres &amp; Urras.</textarea>", `value="9780060512750"`,
			fmt.Sprintf(`value="%d" id="id_genre_%d" checked`, scifi.ID, scifi.ID), fmt.Sprintf(`<option value="%d" selected>English</option>`, s.lang.ID))
		form.Set("title", "The Dispossessed: An Ambiguous Utopia")
		form.Set("author", fmt.Sprint(s.lonely.ID))
		form.Set("language", fmt.Sprint(s.unusedLang.ID))
		form["genre"] = []string{fmt.Sprint(scifi.ID)}
		form.Set("version", "1")
		apptest.Redirect(t, s.lib.Post("/catalog/book/"+id+"/update/", form), http.StatusSeeOther, "/catalog/book/"+id)
		apptest.Contains(t, s.lib.Get("/catalog/book/"+id).Body, "Book updated.", "An Ambiguous Utopia", "Wrote, Nobody", ">Klingon</a>")
		s.db.Take(&b, id)
		if b.AuthorID != s.lonely.ID || *b.LanguageID != s.unusedLang.ID || b.Version != 2 {
			t.Errorf("updated %+v", b)
		}
		if got := s.bookGenres(t, id); !slices.Equal(got, []int64{scifi.ID}) {
			t.Errorf("genres %v", got)
		}
		s.checkLog(t, models.ContentBook, id, "Changed Title, Author, Language and Genre.")

		apptest.Redirect(t, s.lib.Post("/catalog/book/"+id+"/delete/", nil), http.StatusSeeOther, "/catalog/books/")
		apptest.Contains(t, s.lib.Get("/catalog/books/").Body, "Book deleted: The Dispossessed: An Ambiguous Utopia.")
		if s.count(t, &models.Book{}, "id = ?", id) != 0 || len(s.bookGenres(t, id)) != 0 {
			t.Errorf("the book or its genre links are still there")
		}
		s.checkLog(t, models.ContentBook, id, "Deleted.")
	})
}

func TestBookInstanceCreateUpdateDelete(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		apptest.Contains(t, s.lib.Get("/catalog/bookinstance/create/?book="+fmt.Sprint(s.bare.ID)).Body,
			fmt.Sprintf(`<option value="%d" selected>The Lathe of Heaven (Le Guin, Ursula)</option>`, s.bare.ID), `<option value="d" selected>Maintenance</option>`)
		r := s.lib.Post("/catalog/bookinstance/create/", url.Values{"book": {fmt.Sprint(s.bare.ID)}, "imprint": {"Scribner, 1971."}, "status": {"a"}})
		id := location(t, r, "/catalog/bookinstance/")
		if _, err := uuid.Parse(id); err != nil {
			t.Fatalf("copy id %q: %v", id, err)
		}
		apptest.Contains(t, s.lib.Get("/catalog/bookinstance/"+id).Body, "Copy created.", "Scribner, 1971.", `class="text-success">Available`)
		var bi models.BookInstance
		s.db.Take(&bi, "id = ?", id)
		if bi.BookID != s.bare.ID || bi.Status != models.StatusAvailable || bi.DueBack != nil || bi.BorrowerID != nil || bi.Version != 1 {
			t.Fatalf("created %+v", bi)
		}
		s.checkLog(t, models.ContentBookInstance, id, "Added.")
		apptest.Contains(t, s.lib.Get("/catalog/bookinstance/"+id+"/update/").Body, `value="Scribner, 1971."`, `<option value="a" selected>Available</option>`)
		r = s.lib.Post("/catalog/bookinstance/"+id+"/update/", url.Values{"book": {fmt.Sprint(s.book.ID)}, "imprint": {"Avon, 1973."},
			"status": {"d"}, "version": {"1"}})
		apptest.Redirect(t, r, http.StatusSeeOther, "/catalog/bookinstance/"+id)
		s.db.Take(&bi, "id = ?", id)
		if bi.BookID != s.book.ID || bi.Imprint != "Avon, 1973." || bi.Status != models.StatusMaintenance || bi.Version != 2 {
			t.Errorf("updated %+v", bi)
		}
		s.checkLog(t, models.ContentBookInstance, id, "Changed Book, Imprint and Status.")
		apptest.Redirect(t, s.lib.Post("/catalog/bookinstance/"+id+"/delete/", nil), http.StatusSeeOther, "/catalog/bookinstances/")
		apptest.Contains(t, s.lib.Get("/catalog/bookinstances/").Body, "Copy deleted: "+id+" (A Wizard of Earthsea).")
		if s.count(t, &models.BookInstance{}, "id = ?", id) != 0 {
			t.Error("the copy is still there")
		}
		s.checkLog(t, models.ContentBookInstance, id, "Deleted.")
	})
}

var countSpan = func(id, n string) string { return `<span id="` + id + `">` + n + `</span>` }

func homeCounts(books, copies, available, authors, genres int) []string {
	return []string{countSpan("num-books", strconv.Itoa(books)), countSpan("num-instances", strconv.Itoa(copies)),
		countSpan("num-instances-available", strconv.Itoa(available)), countSpan("num-authors", strconv.Itoa(authors)),
		countSpan("num-genres", strconv.Itoa(genres))}
}

func TestHomeCountsExactAfterCreatesAndDeletes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		apptest.Librarian(t, a.DB.Gorm, "libby", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("libby", goodPassword)
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(7, 11, 5, 5, 3)...)
		var english models.Language
		a.DB.Gorm.Where("name = ?", "English").Take(&english)

		authorID := location(t, c.Post("/catalog/author/create/", url.Values{"first_name": {"Octavia"}, "last_name": {"Butler"}}), "/catalog/author/")
		genreID := location(t, c.Post("/catalog/genre/create/", url.Values{"name": {"Afrofuturism"}}), "/catalog/genre/")
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(7, 11, 5, 6, 4)...)
		bookID := location(t, c.Post("/catalog/book/create/", url.Values{"title": {"Kindred"}, "author": {authorID}, "summary": {"Dana."},
			"isbn": {"978-0-8070-8369-7"}, "language": {fmt.Sprint(english.ID)}, "genre": {genreID}}), "/catalog/book/")
		var copies []string
		for _, status := range []string{"a", "a", "d"} {
			copies = append(copies, location(t, c.Post("/catalog/bookinstance/create/",
				url.Values{"book": {bookID}, "imprint": {"Doubleday, 1979."}, "status": {status}}), "/catalog/bookinstance/"))
		}
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(8, 14, 7, 6, 4)...)
		// Taking a copy out of circulation changes the available count.
		r := c.Post("/catalog/bookinstance/"+copies[0]+"/update/", url.Values{"book": {bookID}, "imprint": {"Doubleday, 1979."}, "status": {"d"}, "version": {"1"}})
		location(t, r, "/catalog/bookinstance/")
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(8, 14, 6, 6, 4)...)
		for _, id := range copies {
			location(t, c.Post("/catalog/bookinstance/"+id+"/delete/", nil), "/catalog/bookinstances/")
		}
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(8, 11, 5, 6, 4)...)
		location(t, c.Post("/catalog/book/"+bookID+"/delete/", nil), "/catalog/books/")
		location(t, c.Post("/catalog/author/"+authorID+"/delete/", nil), "/catalog/authors/")
		location(t, c.Post("/catalog/genre/"+genreID+"/delete/", nil), "/catalog/genres/")
		apptest.Contains(t, c.Get("/catalog/").Body, homeCounts(7, 11, 5, 5, 3)...)
	})
}
