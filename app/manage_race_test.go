package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

func TestProtectedDeletesListWhatBlocksThem(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		for i := range 11 {
			apptest.Book(t, s.db, fmt.Sprintf("Earthsea %02d", i), s.author, &s.lang, s.genre)
		}
		onLoan := apptest.Copy(t, s.db, s.bare, models.StatusOnLoan, apptest.Date(5))
		s.db.Model(&onLoan).Update("borrower_id", s.alice.ID)
		tests := []struct {
			name, path string
			table      any
			id         any
			want       []string
		}{
			{"author with books", s.authorURL, &models.Author{}, s.author.ID, []string{
				"You can't delete this author until all their books have been deleted:",
				`<li><a href="` + s.bookURL + `">A Wizard of Earthsea</a></li>`, "… and 3 more"}},
			{"book with copies", s.bookURL, &models.Book{}, s.book.ID, []string{
				"You can't delete this book until all its copies have been deleted:", `href="` + s.copyURL + `"`}},
			{"genre in use", s.genreURL, &models.Genre{}, s.genre.ID, []string{
				"You can't delete this genre until all its books have been deleted or taken out of it:", `href="` + s.bookURL + `"`, "… and 3 more"}},
			{"language in use", s.languageURL, &models.Language{}, s.lang.ID, []string{
				"You can't delete this language until all its books have been deleted or given another language:", `href="` + s.bookURL + `"`}},
			{"copy on loan", copyPath(onLoan), &models.BookInstance{}, onLoan.ID, []string{
				"You can't delete this copy while it is on loan to alice (due " + apptest.Date(5).Display() + "): check it in first."}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := s.lib.Get(tt.path + "/delete/")
				apptest.Status(t, r, http.StatusOK)
				apptest.Contains(t, r.Body, tt.want...)
				apptest.Excludes(t, r.Body, `<button type="submit" class="btn btn-danger">Delete</button>`)
				// A direct POST, without the confirmation page, is refused the same way.
				r = s.lib.Post(tt.path+"/delete/", nil)
				apptest.Status(t, r, http.StatusConflict)
				apptest.Contains(t, r.Body, tt.want...)
				if s.count(t, tt.table, "id = ?", tt.id) != 1 {
					t.Error("the row was deleted")
				}
			})
		}
		t.Run("an unused genre is deleted", func(t *testing.T) {
			apptest.Contains(t, s.lib.Get(s.unusedGenreURL+"/delete/").Body, "Are you sure you want to delete the genre: Westerns?")
			apptest.Redirect(t, s.lib.Post(s.unusedGenreURL+"/delete/", nil), http.StatusSeeOther, "/catalog/genres/")
			if s.count(t, &models.Genre{}, "id = ?", s.unusedGenre.ID) != 0 {
				t.Error("the genre is still there")
			}
		})
	})
}

// race sends the requests at once and returns their responses in order.
func race(reqs ...func() apptest.Response) []apptest.Response {
	out := make([]apptest.Response, len(reqs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, req := range reqs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = req()
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// secondLibrarian logs another librarian in, with a settled CSRF cookie for racing posts.
func (s *shelf) secondLibrarian(t *testing.T) *apptest.Client {
	t.Helper()
	apptest.Librarian(t, s.db, "lorna", goodPassword)
	c := apptest.NewClient(t, s.a)
	c.Login("lorna", goodPassword)
	c.CSRFToken()
	s.lib.CSRFToken()
	return c
}

func TestConcurrentCreatesOfOneGenreMakeOne(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		lorna := s.secondLibrarian(t)
		for round := range 5 {
			name := fmt.Sprintf("Horror %d", round)
			rs := race(
				func() apptest.Response { return s.lib.Post("/catalog/genre/create/", url.Values{"name": {name}}) },
				func() apptest.Response {
					return lorna.Post("/catalog/genre/create/", url.Values{"name": {"h" + name[1:]}})
				},
			)
			created, refused := 0, 0
			for _, r := range rs {
				switch r.Status {
				case http.StatusSeeOther:
					created++
				case http.StatusUnprocessableEntity:
					refused++
					apptest.Contains(t, r.Body, forms.GenreExists)
				default:
					t.Errorf("round %d: status %d", round, r.Status)
				}
			}
			if n := s.count(t, &models.Genre{}, "casefold(name) = casefold(?)", name); created != 1 || refused != 1 || n != 1 {
				t.Errorf("round %d: %d created, %d refused, %d genres called %q", round, created, refused, n, name)
			}
		}
	})
}

func TestStaleFormsAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		lorna := s.secondLibrarian(t)
		id := func(v int64) string { return fmt.Sprint(v) }
		tests := []struct {
			name, path, field, noun string
			form                    url.Values
		}{
			{"author", s.authorURL + "/update/", "first_name", "author", url.Values{"first_name": {"Ursula K."}, "last_name": {"Le Guin"}}},
			{"genre", s.genreURL + "/update/", "name", "genre", url.Values{"name": {"High fantasy"}}},
			{"language", s.languageURL + "/update/", "name", "language", url.Values{"name": {"British English"}}},
			{"book", s.bookURL + "/update/", "title", "book", url.Values{"title": {"Earthsea"}, "author": {id(s.author.ID)}, "summary": {"s"},
				"isbn": {s.book.ISBN}, "language": {id(s.lang.ID)}, "genre": {id(s.genre.ID)}}},
			{"copy", s.copyURL + "/update/", "imprint", "copy", url.Values{"book": {id(s.book.ID)}, "imprint": {"Parnassus"}, "status": {"a"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				apptest.Contains(t, s.lib.Get(tt.path).Body, `name="version" value="1"`)
				mine, theirs := url.Values{}, url.Values{}
				for k, v := range tt.form {
					mine[k], theirs[k] = v, v
				}
				mine.Set("version", "1")
				theirs.Set("version", "1")
				mine.Set(tt.field, tt.form.Get(tt.field)+" (mine)")
				theirs.Set(tt.field, tt.form.Get(tt.field)+" (theirs)")
				rs := race(
					func() apptest.Response { return s.lib.Post(tt.path, mine) },
					func() apptest.Response { return lorna.Post(tt.path, theirs) },
				)
				won, lost := -1, -1
				for i, r := range rs {
					switch r.Status {
					case http.StatusSeeOther:
						won = i
					case http.StatusConflict:
						lost = i
					default:
						t.Fatalf("status %d\n%s", r.Status, apptest.Main(r.Body))
					}
				}
				if won < 0 || lost < 0 {
					t.Fatalf("statuses %d and %d: want one save and one refusal", rs[0].Status, rs[1].Status)
				}
				winner, loser := []url.Values{mine, theirs}[won], []url.Values{mine, theirs}[lost]
				apptest.Contains(t, rs[lost].Body, "This "+tt.noun+" was changed by someone else after you opened this form",
					`name="version" value="2"`, esc(winner.Get(tt.field)), "Your values, not saved:", esc(loser.Get(tt.field)))
				// Saved again from the refreshed form, the loser's change goes through.
				loser.Set("version", "2")
				c := []*apptest.Client{s.lib, lorna}[lost]
				location(t, c.Post(tt.path, loser), "/catalog/")
			})
		}
		var a models.Author
		s.db.Take(&a, s.author.ID)
		if a.Version != 3 {
			t.Errorf("author at version %d after two saves, want 3", a.Version)
		}
	})
}

func TestDeletesRacingNewReferencesNeverFail(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		lorna := s.secondLibrarian(t)
		for round := range 6 {
			g := apptest.Genre(t, s.db, fmt.Sprintf("Short-lived %d", round))
			a := apptest.Author(t, s.db, "Brief", fmt.Sprintf("Author %d", round))
			book := url.Values{"title": {"Racing"}, "author": {fmt.Sprint(a.ID)}, "summary": {"s"}, "isbn": {isbnNumber(500 + round)},
				"language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(g.ID)}}
			rs := race(
				func() apptest.Response { return s.lib.Post(genrePath(g)+"/delete/", nil) },
				func() apptest.Response { return lorna.Post("/catalog/book/create/", book) },
				func() apptest.Response { return s.lib.Post(authorPath(a)+"/delete/", nil) },
			)
			for i, r := range rs {
				if r.Status != http.StatusSeeOther && r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
					t.Errorf("round %d, request %d: status %d\n%s", round, i, r.Status, apptest.Main(r.Body))
				}
			}
			bookMade := rs[1].Status == http.StatusSeeOther
			genreGone := s.count(t, &models.Genre{}, "id = ?", g.ID) == 0
			authorGone := s.count(t, &models.Author{}, "id = ?", a.ID) == 0
			// The book is made exactly when neither its genre nor its author was deleted first.
			if bookMade == (genreGone || authorGone) {
				t.Errorf("round %d: book made %v, genre gone %v, author gone %v", round, bookMade, genreGone, authorGone)
			}
			if (rs[0].Status == http.StatusSeeOther) != genreGone || (rs[2].Status == http.StatusSeeOther) != authorGone {
				t.Errorf("round %d: statuses %d and %d do not match what was deleted", round, rs[0].Status, rs[2].Status)
			}
		}
		var dangling int64
		s.db.Raw(`SELECT count(*) FROM catalog_book_genre bg WHERE NOT EXISTS (SELECT 1 FROM catalog_genre g WHERE g.id = bg.genre_id)
			OR NOT EXISTS (SELECT 1 FROM catalog_book b WHERE b.id = bg.book_id)`).Scan(&dangling)
		var orphans int64
		s.db.Raw(`SELECT count(*) FROM catalog_book b WHERE NOT EXISTS (SELECT 1 FROM catalog_author a WHERE a.id = b.author_id)`).Scan(&orphans)
		if dangling != 0 || orphans != 0 {
			t.Errorf("%d dangling genre links, %d books without author", dangling, orphans)
		}
	})
}

func TestManagementStatementsDoNotGrowWithRows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		counter := apptest.CountStatements(t, s.db)
		seq := 0
		grow := func(n int) {
			for range n {
				seq++
				a := apptest.Author(t, s.db, "Grown", fmt.Sprintf("Author %d", seq))
				g := apptest.Genre(t, s.db, fmt.Sprintf("Grown genre %d", seq))
				l := apptest.Language(t, s.db, fmt.Sprintf("Grown language %d", seq))
				b := apptest.Book(t, s.db, fmt.Sprintf("Grown book %d", seq), a, &l, g, s.genre)
				apptest.Copy(t, s.db, b, models.StatusAvailable, nil)
				apptest.Copy(t, s.db, s.book, models.StatusAvailable, nil)
			}
		}
		measure := func() map[string]int64 {
			got := map[string]int64{}
			for _, p := range s.managementPages(t) {
				token := p.client.CSRFToken()
				before := counter.Load()
				var r apptest.Response
				if p.form == nil {
					r = p.client.Get(p.path)
				} else {
					p.form.Set("csrfmiddlewaretoken", token)
					r = p.client.PostForm(p.path, p.form)
				}
				if r.Status != p.status {
					t.Fatalf("%s: status %d, want %d\n%s", p.name, r.Status, p.status, apptest.Main(r.Body))
				}
				got[p.name] = counter.Load() - before
			}
			return got
		}
		grow(10)
		small := measure()
		grow(100)
		large := measure()
		for name, n := range small {
			t.Run(name, func(t *testing.T) {
				if n == 0 || large[name] != n {
					t.Errorf("%d statements with 10 rows, %d with 110", n, large[name])
				}
			})
		}
		t.Logf("statements per page: %v", large)
	})
}

// managementPage is one request to a management page and the status it must get.
type managementPage struct {
	name, path string
	client     *apptest.Client
	form       url.Values
	status     int
}

// managementPages lists every management page in its states: forms shown, sent invalid, sent
// valid (creating, changing and deleting fresh rows), and delete confirmations.
func (s *shelf) managementPages(t *testing.T) []managementPage {
	t.Helper()
	id := func(v int64) string { return fmt.Sprint(v) }
	n := s.count(t, &models.LogEntry{}, "") // a fresh number for each measure
	a := apptest.Author(t, s.db, "Spare", fmt.Sprintf("Author %d", n))
	g := apptest.Genre(t, s.db, fmt.Sprintf("Spare genre %d", n))
	l := apptest.Language(t, s.db, fmt.Sprintf("Spare language %d", n))
	b := apptest.Book(t, s.db, fmt.Sprintf("Spare book %d", n), a, &l, g)
	bi := apptest.Copy(t, s.db, b, models.StatusAvailable, nil)
	var cur struct{ Author, Book, Genre, Language, Copy int }
	s.db.Raw(`SELECT (SELECT version FROM catalog_author WHERE id = ?) AS author, (SELECT version FROM catalog_book WHERE id = ?) AS book,
		(SELECT version FROM catalog_genre WHERE id = ?) AS genre, (SELECT version FROM catalog_language WHERE id = ?) AS language,
		(SELECT version FROM catalog_bookinstance WHERE id = ?) AS copy`, s.author.ID, s.book.ID, s.genre.ID, s.lang.ID, s.copy.ID).Scan(&cur)
	bookForm := func(title, isbn string, version int) url.Values {
		return url.Values{"title": {title}, "author": {id(s.author.ID)}, "summary": {"s"}, "isbn": {isbn}, "language": {id(s.lang.ID)},
			"genre": {id(s.genre.ID), id(s.unusedGenre.ID)}, "version": {fmt.Sprint(version)}}
	}
	c := s.lib
	return []managementPage{
		{"author create form", "/catalog/author/create/", c, nil, 200},
		{"author update form", s.authorURL + "/update/", c, nil, 200},
		{"author delete confirm", s.authorURL + "/delete/", c, nil, 200},
		{"author create invalid", "/catalog/author/create/", c, url.Values{"first_name": {""}}, 422},
		{"author create", "/catalog/author/create/", c, url.Values{"first_name": {"New"}, "last_name": {fmt.Sprint(n)}}, 303},
		{"author update", s.authorURL + "/update/", c, url.Values{"first_name": {"Ursula"}, "last_name": {"Le Guin"}, "version": {fmt.Sprint(cur.Author)}}, 303},
		{"author delete refused", s.authorURL + "/delete/", c, url.Values{}, 409},
		{"book create form", "/catalog/book/create/", c, nil, 200},
		{"book update form", s.bookURL + "/update/", c, nil, 200},
		{"book delete confirm", s.bookURL + "/delete/", c, nil, 200},
		{"book create invalid", "/catalog/book/create/", c, bookForm("", "1", 0), 422},
		{"book create", "/catalog/book/create/", c, bookForm("New", isbnNumber(1000+int(n)), 0), 303},
		{"book update", s.bookURL + "/update/", c, bookForm("A Wizard of Earthsea", s.book.ISBN, cur.Book), 303},
		{"book delete refused", bookPath(b) + "/delete/", c, url.Values{}, 409},
		{"genre create form", "/catalog/genre/create/", c, nil, 200},
		{"genre update form", s.genreURL + "/update/", c, nil, 200},
		{"genre delete confirm", s.genreURL + "/delete/", c, nil, 200},
		{"genre create invalid", "/catalog/genre/create/", c, url.Values{"name": {"fantasy"}}, 422},
		{"genre create", "/catalog/genre/create/", c, url.Values{"name": {fmt.Sprintf("New genre %d", n)}}, 303},
		{"genre update", s.genreURL + "/update/", c, url.Values{"name": {"Fantasy"}, "version": {fmt.Sprint(cur.Genre)}}, 303},
		{"language create form", "/catalog/language/create/", c, nil, 200},
		{"language update form", s.languageURL + "/update/", c, nil, 200},
		{"language delete confirm", s.languageURL + "/delete/", c, nil, 200},
		{"language create invalid", "/catalog/language/create/", c, url.Values{"name": {""}}, 422},
		{"language create", "/catalog/language/create/", c, url.Values{"name": {fmt.Sprintf("New language %d", n)}}, 303},
		{"language update", s.languageURL + "/update/", c, url.Values{"name": {"English"}, "version": {fmt.Sprint(cur.Language)}}, 303},
		{"copy create form", "/catalog/bookinstance/create/", c, nil, 200},
		{"copy update form", s.copyURL + "/update/", c, nil, 200},
		{"copy delete confirm", s.copyURL + "/delete/", c, nil, 200},
		{"copy create invalid", "/catalog/bookinstance/create/", c, url.Values{"book": {id(s.book.ID)}, "status": {"o"}}, 422},
		{"copy create", "/catalog/bookinstance/create/", c, url.Values{"book": {id(s.book.ID)}, "imprint": {"New"}, "status": {"a"}}, 303},
		{"copy update", s.copyURL + "/update/", c, url.Values{"book": {id(s.book.ID)}, "imprint": {"Parnassus"}, "status": {"a"}, "version": {fmt.Sprint(cur.Copy)}}, 303},
		{"copy delete", copyPath(bi) + "/delete/", c, url.Values{}, 303},
		{"book delete confirm, without copies", bookPath(b) + "/delete/", c, nil, 200},
		{"book delete", bookPath(b) + "/delete/", c, url.Values{}, 303},
		{"genre delete", genrePath(g) + "/delete/", c, url.Values{}, 303},
		{"language delete", languagePath(l) + "/delete/", c, url.Values{}, 303},
		{"author delete", authorPath(a) + "/delete/", c, url.Values{}, 303},
	}
}
