package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app"
	"locallibrary/app/apptest"
	"locallibrary/models"
)

// shelf is a small catalog with a librarian, a member and a visitor, for the management pages.
type shelf struct {
	a                         *app.App
	db                        *gorm.DB
	libby, alice              models.User
	lib, member, anon         *apptest.Client
	author, lonely            models.Author
	genre, unusedGenre        models.Genre
	lang, unusedLang          models.Language
	book, bare                models.Book
	copy                      models.BookInstance
	authorURL, bookURL        string
	genreURL, languageURL     string
	copyURL, bareURL          string
	lonelyURL, unusedGenreURL string
}

func newShelf(t *testing.T, dialect string) *shelf {
	t.Helper()
	a := apptest.NewApp(t, apptest.Config(t, dialect))
	db := a.DB.Gorm
	s := &shelf{a: a, db: db}
	s.author = apptest.Author(t, db, "Ursula", "Le Guin")
	s.lonely = apptest.Author(t, db, "Nobody", "Wrote")
	s.genre = apptest.Genre(t, db, "Fantasy")
	s.unusedGenre = apptest.Genre(t, db, "Westerns")
	s.lang = apptest.Language(t, db, "English")
	s.unusedLang = apptest.Language(t, db, "Klingon")
	s.book = apptest.Book(t, db, "A Wizard of Earthsea", s.author, &s.lang, s.genre)
	s.bare = apptest.Book(t, db, "The Lathe of Heaven", s.author, &s.lang, s.genre)
	s.copy = apptest.Copy(t, db, s.book, models.StatusAvailable, nil)
	s.libby = apptest.Librarian(t, db, "libby", goodPassword)
	s.alice = apptest.User(t, db, "alice", goodPassword)
	s.lib, s.member, s.anon = apptest.NewClient(t, a), apptest.NewClient(t, a), apptest.NewClient(t, a)
	s.lib.Login("libby", goodPassword)
	s.member.Login("alice", goodPassword)
	s.authorURL, s.lonelyURL = authorPath(s.author), authorPath(s.lonely)
	s.bookURL, s.bareURL = bookPath(s.book), bookPath(s.bare)
	s.genreURL, s.unusedGenreURL = genrePath(s.genre), genrePath(s.unusedGenre)
	s.languageURL = languagePath(s.lang)
	s.copyURL = copyPath(s.copy)
	return s
}

// count counts the rows of model matching where.
func (s *shelf) count(t *testing.T, model any, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := s.db.Model(model)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// managementURLs are the management pages of the shelf's rows: create, update and delete of
// each model.
func (s *shelf) managementURLs() []string {
	return []string{
		"/catalog/author/create/", s.authorURL + "/update/", s.lonelyURL + "/delete/",
		"/catalog/book/create/", s.bookURL + "/update/", s.bareURL + "/delete/",
		"/catalog/genre/create/", s.genreURL + "/update/", s.unusedGenreURL + "/delete/",
		"/catalog/language/create/", s.languageURL + "/update/", languagePath(s.unusedLang) + "/delete/",
		"/catalog/bookinstance/create/", s.copyURL + "/update/", s.copyURL + "/delete/",
	}
}

// location checks r is a 303 to a page under prefix and returns the rest of its path.
func location(t *testing.T, r apptest.Response, prefix string) string {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, prefix) {
		t.Fatalf("%s %s: %d to %q, want 303 to %s...\n%s", r.Method, r.Path, r.Status, loc, prefix, apptest.Main(r.Body))
	}
	return strings.TrimPrefix(loc, prefix)
}

func TestManagementPagesNeedPermissions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		for _, p := range s.managementURLs() {
			t.Run(p, func(t *testing.T) {
				apptest.Redirect(t, s.anon.Get(p), http.StatusFound, "/accounts/login/?next="+url.QueryEscape(p))
				r := s.member.Get(p)
				apptest.Status(t, r, http.StatusForbidden)
				apptest.Contains(t, r.Body, "Permission denied")
				apptest.Status(t, s.lib.Get(p), http.StatusOK)
			})
		}
	})
}

func TestMemberPostsChangeNothing(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		forms := map[string]url.Values{
			"/catalog/author/create/":               {"first_name": {"Mal"}, "last_name": {"Icious"}},
			s.authorURL + "/update/":                {"first_name": {"Mal"}, "last_name": {"Icious"}, "version": {"1"}},
			s.lonelyURL + "/delete/":                nil,
			"/catalog/genre/create/":                {"name": {"Malice"}},
			s.genreURL + "/update/":                 {"name": {"Malice"}, "version": {"1"}},
			s.unusedGenreURL + "/delete/":           nil,
			"/catalog/language/create/":             {"name": {"Malice"}},
			s.languageURL + "/update/":              {"name": {"Malice"}, "version": {"1"}},
			languagePath(s.unusedLang) + "/delete/": nil,
			"/catalog/book/create/": {"title": {"Malice"}, "author": {fmt.Sprint(s.author.ID)}, "summary": {"x"},
				"isbn": {"9780306406157"}, "language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(s.genre.ID)}},
			s.bookURL + "/update/": {"title": {"Malice"}, "author": {fmt.Sprint(s.author.ID)}, "summary": {"x"},
				"isbn": {s.book.ISBN}, "language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(s.genre.ID)}, "version": {"1"}},
			s.bareURL + "/delete/":          nil,
			"/catalog/bookinstance/create/": {"book": {fmt.Sprint(s.book.ID)}, "imprint": {"Malice"}, "status": {"a"}},
			s.copyURL + "/update/":          {"book": {fmt.Sprint(s.book.ID)}, "imprint": {"Malice"}, "status": {"a"}, "version": {"1"}},
			s.copyURL + "/delete/":          nil,
		}
		if len(forms) != len(s.managementURLs()) {
			t.Fatalf("%d forms for %d pages", len(forms), len(s.managementURLs()))
		}
		tables := []any{&models.Author{}, &models.Book{}, &models.Genre{}, &models.Language{}, &models.BookInstance{}, &models.LogEntry{}}
		snapshot := func() []int64 {
			var n []int64
			for _, m := range tables {
				n = append(n, s.count(t, m, ""))
			}
			n = append(n, s.count(t, &models.Author{}, "first_name = ?", "Mal"), s.count(t, &models.Genre{}, "name = ?", "Malice"),
				s.count(t, &models.Language{}, "name = ?", "Malice"), s.count(t, &models.Book{}, "title = ?", "Malice"),
				s.count(t, &models.BookInstance{}, "imprint = ?", "Malice"))
			return n
		}
		before := snapshot()
		for p, form := range forms {
			t.Run(p, func(t *testing.T) {
				apptest.Status(t, s.member.Post(p, form), http.StatusForbidden)
				if r := s.anon.Post(p, form); r.Status != http.StatusFound {
					t.Errorf("anonymous POST %s: %d, want 302 to the login page", p, r.Status)
				}
			})
		}
		if after := snapshot(); fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("rows before %v, after %v", before, after)
		}
	})
}

func TestManagementLinksFollowPermissions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		links := map[string][]string{
			s.authorURL:   {`href="` + s.authorURL + `/update/">Edit author</a>`, `href="` + s.authorURL + `/delete/">Delete author</a>`, `href="/catalog/book/create/?author=` + fmt.Sprint(s.author.ID) + `"`},
			s.bookURL:     {`href="` + s.bookURL + `/update/">Edit book</a>`, `href="` + s.bookURL + `/delete/">Delete book</a>`, `href="/catalog/bookinstance/create/?book=` + fmt.Sprint(s.book.ID) + `">Add a copy</a>`},
			s.genreURL:    {`href="` + s.genreURL + `/update/">Edit genre</a>`, `href="` + s.genreURL + `/delete/">Delete genre</a>`},
			s.languageURL: {`href="` + s.languageURL + `/update/">Edit language</a>`, `href="` + s.languageURL + `/delete/">Delete language</a>`},
			s.copyURL:     {`href="` + s.copyURL + `/update/">Edit copy</a>`, `href="` + s.copyURL + `/delete/">Delete copy</a>`},
			"/catalog/": {`href="/catalog/author/create/">Create author</a>`, `href="/catalog/book/create/">Create book</a>`,
				`href="/catalog/bookinstance/create/">Create copy</a>`, `href="/catalog/genre/create/">Create genre</a>`,
				`href="/catalog/language/create/">Create language</a>`},
		}
		for p, want := range links {
			t.Run(p, func(t *testing.T) {
				apptest.Contains(t, s.lib.Get(p).Body, want...)
				apptest.Excludes(t, s.member.Get(p).Body, want...)
				apptest.Excludes(t, s.anon.Get(p).Body, want...)
			})
		}
		// A staff member holding only some permissions sees only their links.
		clerk := apptest.User(t, s.db, "clerk", goodPassword)
		s.db.Model(&clerk).Update("is_staff", true)
		var perm models.Permission
		s.db.Where("app_label = ? AND codename = ?", "catalog", "add_genre").Take(&perm)
		s.db.Exec("INSERT INTO auth_user_user_permissions (user_id, permission_id) VALUES (?, ?)", clerk.ID, perm.ID)
		c := apptest.NewClient(t, s.a)
		c.Login("clerk", goodPassword)
		page := c.Get(s.genreURL).Body
		apptest.Contains(t, page, `href="/catalog/genre/create/">Create genre</a>`)
		apptest.Excludes(t, page, "Create author", "Edit genre", "Delete genre")
		apptest.Status(t, c.Get("/catalog/genre/create/"), http.StatusOK)
		apptest.Status(t, c.Get(s.genreURL+"/update/"), http.StatusForbidden)
	})
}

func TestLibrariansGroupHoldsEveryCatalogPermission(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		var keys []string
		err := a.DB.Gorm.Raw(`SELECT p.app_label || '.' || p.codename FROM auth_permission p
			JOIN auth_group_permissions gp ON gp.permission_id = p.id JOIN auth_group g ON g.id = gp.group_id
			WHERE g.name = 'Librarians'`).Scan(&keys).Error
		if err != nil {
			t.Fatal(err)
		}
		perms := models.NewPerms(false, keys...)
		for _, model := range []string{"author", "book", "genre", "language", "bookinstance"} {
			for _, action := range []string{"add", "change", "delete"} {
				if !perms.Has(models.ModelPerm(action, model)) {
					t.Errorf("Librarians lack %s", models.ModelPerm(action, model))
				}
			}
		}
	})
}

func TestManagementURLsWithBadIDsGive404(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelf(t, dialect)
		for _, p := range []string{
			"/catalog/author/abc/update/", "/catalog/author/0/delete/", "/catalog/author/999999/update/", "/catalog/author/-1/delete/",
			"/catalog/book/1.5/update/", "/catalog/book/999999/delete/", "/catalog/genre/x/update/", "/catalog/genre/999999/delete/",
			"/catalog/language/%20/update/", "/catalog/language/999999/delete/",
			"/catalog/bookinstance/not-a-uuid/update/", "/catalog/bookinstance/00000000-0000-0000-0000-000000000000/delete/",
			"/catalog/bookinstance/" + strings.ReplaceAll(s.copy.ID.String(), "-", "") + "/update/",
		} {
			t.Run(p, func(t *testing.T) {
				apptest.Status(t, s.lib.Get(p), http.StatusNotFound)
				apptest.Status(t, s.lib.Post(p, url.Values{"name": {"x"}}), http.StatusNotFound)
			})
		}
	})
}
