package app_test

import (
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// adminCatalog fills db with a few hundred rows for every admin list, full of ties and empty
// values: names, titles, dates and flags repeat, so that only the ids settle the order.
func adminCatalog(t *testing.T, db *gorm.DB, rng *rand.Rand) {
	t.Helper()
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	date := func() *models.Date {
		if rng.IntN(3) == 0 {
			return nil
		}
		d := models.MustDate("1950-01-01").AddDays(rng.IntN(4) * 3000)
		return &d
	}
	var authors []models.Author
	for range 45 {
		a := models.Author{FirstName: pick("Al", "Bo", "al"), LastName: pick("Ng", "Abel", "ng"), DateOfBirth: date(), DateOfDeath: date()}
		if a.DateOfBirth != nil && a.DateOfDeath != nil && a.DateOfDeath.Before(*a.DateOfBirth) {
			a.DateOfBirth, a.DateOfDeath = a.DateOfDeath, a.DateOfBirth
		}
		must(t, db.Create(&a).Error)
		authors = append(authors, a)
	}
	var genres []models.Genre
	for i := range 25 {
		genres = append(genres, apptest.Genre(t, db, fmt.Sprintf("Genre %c%02d", 'A'+rng.IntN(3), i)))
	}
	var langs []models.Language
	for i := range 22 {
		langs = append(langs, apptest.Language(t, db, fmt.Sprintf("Lang %c%02d", 'A'+rng.IntN(2), i)))
	}
	var users []models.User
	for i := range 45 {
		u := models.User{Username: fmt.Sprintf("%s%02d", pick("ann", "bob", "Cy"), i), Email: pick("", "a@example.com", "b@example.com"),
			FirstName: pick("", "Ann", "Bob"), LastName: pick("", "Lee", "Ng"), IsStaff: rng.IntN(3) == 0, IsActive: rng.IntN(4) > 0,
			DateJoined: time.Now()}
		must(t, db.Omit("Groups").Create(&u).Error)
		users = append(users, u)
	}
	for i := range 23 {
		must(t, db.Omit("Permissions").Create(&models.Group{Name: fmt.Sprintf("Group %c%02d", 'A'+rng.IntN(2), i)}).Error)
	}
	// Half the books have the first author and genre, so that their lists are long.
	skewed := func(n int) int {
		if rng.IntN(2) == 0 {
			return 0
		}
		return rng.IntN(n)
	}
	dues := []*models.Date{nil, nil, apptest.Date(1), apptest.Date(1), apptest.Date(5), apptest.Date(-2)}
	placed := []time.Time{time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)}
	for range 150 {
		var lang *models.Language
		if rng.IntN(4) > 0 {
			lang = &langs[skewed(len(langs))]
		}
		b := apptest.Book(t, db, pick("Same", "Same", "Other", "same", "Zeta"), authors[skewed(len(authors))], lang, genres[skewed(len(genres))])
		for range rng.IntN(4) {
			apptest.Copy(t, db, b, pick(models.StatusAvailable, models.StatusOnLoan, models.StatusOnLoan, models.StatusMaintenance), dues[rng.IntN(len(dues))])
		}
		// Closed holds, which any number of members may have on a book.
		for range rng.IntN(2) {
			h := models.Hold{BookID: b.ID, MemberID: users[rng.IntN(len(users))].ID, Status: pick("f", "c", "x"), PlacedAt: placed[rng.IntN(2)],
				PickupUntil: dues[rng.IntN(len(dues))]}
			must(t, db.Omit("Book", "Member").Create(&h).Error)
		}
	}
}

// adminList reads one admin list, sorted by ?o=, as the ids of its rows.
type adminList struct {
	name string
	o    string
	read func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error)
	cols []models.Column
	want string
}

func TestAdminSeekPagesEqualCountedPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		adminCatalog(t, db, rand.New(rand.NewPCG(5, 11)))
		first := func(sql string) int64 {
			var id int64
			must(t, db.Raw(sql).Scan(&id).Error)
			return id
		}
		author := first("SELECT author_id FROM catalog_book GROUP BY author_id ORDER BY count(*) DESC, author_id LIMIT 1")
		genre := first("SELECT genre_id FROM catalog_book_genre GROUP BY genre_id ORDER BY count(*) DESC, genre_id LIMIT 1")
		lang := first("SELECT language_id FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id ORDER BY count(*) DESC LIMIT 1")
		for _, l := range adminLists(author, genre, lang) {
			t.Run(l.name+" o="+l.o, func(t *testing.T) {
				want := column(t, db, l.want)
				if len(want) <= models.PerPage {
					t.Fatalf("%d rows: too few to page through", len(want))
				}
				keys := models.ParseOrdering(l.o, l.cols)
				checkPages(t, func(p models.ListParams) ([]string, models.Page, error) { return l.read(ctx, db, keys, p) }, want)
			})
		}
	})
}

// nullsLast orders by a nullable column going up, its empty values last.
func nullsLast(col string) string { return "CASE WHEN " + col + " IS NULL THEN 1 ELSE 0 END, " + col }

// nullsFirst orders by a nullable column going down, its empty values first.
func nullsFirst(col string) string {
	return "CASE WHEN " + col + " IS NULL THEN 0 ELSE 1 END, " + col + " DESC"
}

// adminLists are the admin's lists in each of their orders, with the plain ORDER BY on the source
// tables that gives their rows: the default order, each column either way (seeking, or by OFFSET
// for a joined column), several columns (by OFFSET), and the narrowed lists totalled by counters.
func adminLists(author, genre, lang int64) []adminList {
	books := func(f models.BookFilter) func(context.Context, *gorm.DB, []models.SortKey, models.ListParams) ([]string, models.Page, error) {
		return func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
			return ids(func(r models.Counted[models.Book]) string { return bookID(r.Row) })(models.BookChangeList(ctx, db, f, keys, p))
		}
	}
	const bookRows = "SELECT b.id FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id LEFT JOIN catalog_language l ON l.id = b.language_id"
	const byBook = "b.title, a.last_name, a.first_name, b.id"
	copies := func(f models.BookInstanceFilter) func(context.Context, *gorm.DB, []models.SortKey, models.ListParams) ([]string, models.Page, error) {
		return func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
			return ids(copyID)(models.BookInstanceChangeList(ctx, db, f, keys, p))
		}
	}
	const copyRows = "SELECT c.id FROM catalog_bookinstance c JOIN catalog_book b ON b.id = c.book_id"
	authors := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(authorID)(models.AuthorChangeList(ctx, db, models.AuthorFilter{}, keys, p))
	}
	genres := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(func(r models.Counted[models.Genre]) string { return genreID(r.Row) })(models.GenreChangeList(ctx, db, models.NameFilter{}, keys, p))
	}
	languages := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(func(r models.Counted[models.Language]) string { return languageID(r.Row) })(models.LanguageChangeList(ctx, db, models.NameFilter{}, keys, p))
	}
	users := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(func(u models.User) string { return fmt.Sprint(u.ID) })(models.UserChangeList(ctx, db, models.UserFilter{}, keys, p))
	}
	groups := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(func(r models.Counted[models.Group]) string { return fmt.Sprint(r.Row.ID) })(models.GroupChangeList(ctx, db, models.NameFilter{}, keys, p))
	}
	holds := func(ctx context.Context, db *gorm.DB, keys []models.SortKey, p models.ListParams) ([]string, models.Page, error) {
		return ids(func(h models.Hold) string { return fmt.Sprint(h.ID) })(models.HoldChangeList(ctx, db, models.HoldFilter{}, keys, p))
	}
	all := models.BookFilter{}
	return []adminList{
		{"books", "", books(all), models.BookColumns, bookRows + " ORDER BY " + byBook},
		{"books", "-0", books(all), models.BookColumns, bookRows + " ORDER BY b.title DESC, a.last_name DESC, a.first_name DESC, b.id DESC"},
		{"books", "1", books(all), models.BookColumns, bookRows + " ORDER BY a.last_name, a.first_name, b.id"},
		{"books", "-1", books(all), models.BookColumns, bookRows + " ORDER BY a.last_name DESC, a.first_name DESC, b.id DESC"},
		{"books", "2", books(all), models.BookColumns, bookRows + " ORDER BY " + nullsLast("l.name") + ", " + byBook},
		{"books", "-2", books(all), models.BookColumns, bookRows + " ORDER BY CASE WHEN l.name IS NULL THEN 0 ELSE 1 END, l.name DESC, " + byBook},
		{"books", "3", books(all), models.BookColumns, bookRows + " ORDER BY b.isbn, b.id"},
		{"books", "-3", books(all), models.BookColumns, bookRows + " ORDER BY b.isbn DESC, b.id DESC"},
		{"books", "1.-0", books(all), models.BookColumns, bookRows + " ORDER BY a.last_name, a.first_name, b.title DESC, b.id"},
		{"an author's books", "", books(models.BookFilter{AuthorID: author}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.author_id = %d ORDER BY b.title, b.id", author)},
		{"an author's books", "-0", books(models.BookFilter{AuthorID: author}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.author_id = %d ORDER BY b.title DESC, b.id DESC", author)},
		{"a genre's books", "", books(models.BookFilter{GenreID: genre}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = %d) ORDER BY %s", genre, byBook)},
		{"a genre's books", "-0", books(models.BookFilter{GenreID: genre}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = %d) ORDER BY b.title DESC, a.last_name DESC, a.first_name DESC, b.id DESC", genre)},
		{"a genre's books", "3", books(models.BookFilter{GenreID: genre}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = %d) ORDER BY b.isbn, b.id", genre)},
		{"a language's books", "", books(models.BookFilter{LanguageID: lang}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE b.language_id = %d ORDER BY %s", lang, byBook)},
		{"a search", "", books(models.BookFilter{Q: "same"}), models.BookColumns,
			bookRows + " WHERE lower(b.title) = 'same' ORDER BY " + byBook},
		{"a search in a genre", "-0", books(models.BookFilter{Q: "same", GenreID: genre}), models.BookColumns,
			bookRows + fmt.Sprintf(" WHERE lower(b.title) = 'same' AND b.id IN (SELECT book_id FROM catalog_book_genre WHERE genre_id = %d)", genre) +
				" ORDER BY b.title DESC, a.last_name DESC, a.first_name DESC, b.id DESC"},
		{"a search", "-1", books(models.BookFilter{Q: "same"}), models.BookColumns,
			bookRows + " WHERE lower(b.title) = 'same' ORDER BY a.last_name DESC, a.first_name DESC, b.id DESC"},

		{"authors", "", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY last_name, first_name, id"},
		{"authors", "-0", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY last_name DESC, first_name DESC, id DESC"},
		{"authors", "1", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY " + nullsLast("date_of_birth") + ", id"},
		{"authors", "-1", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY " + nullsFirst("date_of_birth") + ", id DESC"},
		{"authors", "2", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY " + nullsLast("date_of_death") + ", id"},
		{"authors", "-2", authors, models.AuthorColumns, "SELECT id FROM catalog_author ORDER BY " + nullsFirst("date_of_death") + ", id DESC"},
		{"authors", "2.0", authors, models.AuthorColumns,
			"SELECT id FROM catalog_author ORDER BY " + nullsLast("date_of_death") + ", last_name, first_name, id"},

		{"genres", "", genres, models.NameColumns, "SELECT id FROM catalog_genre ORDER BY name, id"},
		{"genres", "-0", genres, models.NameColumns, "SELECT id FROM catalog_genre ORDER BY name DESC, id DESC"},
		{"languages", "", languages, models.NameColumns, "SELECT id FROM catalog_language ORDER BY name, id"},
		{"languages", "-0", languages, models.NameColumns, "SELECT id FROM catalog_language ORDER BY name DESC, id DESC"},

		{"copies", "", copies(models.BookInstanceFilter{}), models.BookInstanceColumns, copyRows + " ORDER BY " + nullsLast("c.due_back") + ", c.id"},
		{"copies", "-2", copies(models.BookInstanceFilter{}), models.BookInstanceColumns, copyRows + " ORDER BY " + nullsFirst("c.due_back") + ", c.id DESC"},
		{"copies", "1", copies(models.BookInstanceFilter{}), models.BookInstanceColumns,
			copyRows + " ORDER BY c.status, " + nullsLast("c.due_back") + ", c.id"},
		{"copies", "-1", copies(models.BookInstanceFilter{}), models.BookInstanceColumns,
			copyRows + " ORDER BY c.status DESC, " + nullsFirst("c.due_back") + ", c.id DESC"},
		{"copies", "4", copies(models.BookInstanceFilter{}), models.BookInstanceColumns, copyRows + " ORDER BY c.id"},
		{"copies", "-4", copies(models.BookInstanceFilter{}), models.BookInstanceColumns, copyRows + " ORDER BY c.id DESC"},
		{"copies", "0", copies(models.BookInstanceFilter{}), models.BookInstanceColumns,
			copyRows + " ORDER BY b.title, " + nullsLast("c.due_back") + ", c.id"},
		{"copies", "-0", copies(models.BookInstanceFilter{}), models.BookInstanceColumns,
			copyRows + " ORDER BY b.title DESC, " + nullsLast("c.due_back") + ", c.id"},
		{"copies", "3", copies(models.BookInstanceFilter{}), models.BookInstanceColumns,
			copyRows + " LEFT JOIN auth_user u ON u.id = c.borrower_id ORDER BY " + nullsLast("u.username") + ", " + nullsLast("c.due_back") + ", c.id"},
		{"copies on loan", "", copies(models.BookInstanceFilter{Status: models.StatusOnLoan}), models.BookInstanceColumns,
			copyRows + " WHERE c.status = 'o' ORDER BY " + nullsLast("c.due_back") + ", c.id"},
		{"copies on loan", "-2", copies(models.BookInstanceFilter{Status: models.StatusOnLoan}), models.BookInstanceColumns,
			copyRows + " WHERE c.status = 'o' ORDER BY " + nullsFirst("c.due_back") + ", c.id DESC"},

		{"users", "", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY username, id"},
		{"users", "-0", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY username DESC, id DESC"},
		{"users", "1", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY email, id"},
		{"users", "-2", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY first_name DESC, id DESC"},
		{"users", "3", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY last_name, id"},
		{"users", "4", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY is_staff, id"},
		{"users", "-5", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY is_active DESC, id DESC"},
		{"users", "4.1", users, models.UserColumns, "SELECT id FROM auth_user ORDER BY is_staff, email, username, id"},
		{"groups", "", groups, models.GroupColumns, "SELECT id FROM auth_group ORDER BY name, id"},
		{"groups", "-0", groups, models.GroupColumns, "SELECT id FROM auth_group ORDER BY name DESC, id DESC"},

		{"holds", "", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY id DESC"},
		{"holds", "0", holds, models.HoldColumns, "SELECT h.id FROM catalog_hold h JOIN catalog_book b ON b.id = h.book_id ORDER BY b.title, h.id DESC"},
		{"holds", "-1", holds, models.HoldColumns, "SELECT h.id FROM catalog_hold h JOIN auth_user u ON u.id = h.member_id ORDER BY u.username DESC, h.id DESC"},
		{"holds", "2", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY status, id"},
		{"holds", "-2", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY status DESC, id DESC"},
		{"holds", "3", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY placed_at, id"},
		{"holds", "-4", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY " + nullsFirst("pickup_until") + ", id DESC"},
		{"holds", "4", holds, models.HoldColumns, "SELECT id FROM catalog_hold ORDER BY " + nullsLast("pickup_until") + ", id"},
	}
}

var previousLink = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)

// adminListPaths are admin lists in orders that seek, read by OFFSET, narrowed by a counter's
// parent, and searched.
func adminListPaths(genre int64) []string {
	return []string{"/admin/catalog/book/", "/admin/catalog/book/?o=-0", "/admin/catalog/book/?o=1", "/admin/catalog/book/?o=2",
		fmt.Sprintf("/admin/catalog/book/?genre__id__exact=%d", genre), "/admin/catalog/book/?q=same",
		"/admin/catalog/author/?o=-1", "/admin/catalog/genre/", "/admin/catalog/language/?o=-0",
		"/admin/catalog/bookinstance/", "/admin/catalog/bookinstance/?status__exact=o", "/admin/catalog/bookinstance/?o=0",
		"/admin/auth/user/", "/admin/auth/user/?o=4", "/admin/auth/group/", "/admin/catalog/hold/", "/admin/catalog/hold/?o=-3"}
}

// withPage adds a page parameter to path.
func withPage(path, page string) string {
	if strings.Contains(path, "?") {
		return path + "&page=" + page
	}
	return path + "?page=" + page
}

func TestAdminListStatementsFixedWhateverThePage(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		adminCatalog(t, db, rand.New(rand.NewPCG(8, 3)))
		var genre int64
		must(t, db.Raw("SELECT genre_id FROM catalog_book_genre GROUP BY genre_id ORDER BY count(*) DESC, genre_id LIMIT 1").Scan(&genre).Error)
		apptest.Superuser(t, db, "root", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("root", goodPassword)
		counter := apptest.CountStatements(t, db)
		get := func(path string) (apptest.Response, int64) {
			before := counter.Load()
			r := c.Get(path)
			apptest.Status(t, r, http.StatusOK)
			return r, counter.Load() - before
		}
		link := func(r apptest.Response, re *regexp.Regexp) string {
			m := re.FindStringSubmatch(r.Body)
			if m == nil {
				t.Fatalf("no %s link", re)
			}
			return html.UnescapeString(m[1])
		}
		for _, path := range adminListPaths(genre) {
			t.Run(path, func(t *testing.T) {
				first, n := get(path)
				last, nLast := get(withPage(path, "last"))
				_, nSecond := get(withPage(path, "2"))
				_, nNext := get(strings.Split(path, "?")[0] + link(first, nextLink))
				_, nPrevious := get(strings.Split(path, "?")[0] + link(last, previousLink))
				if n != nLast || n != nSecond || n != nNext || n != nPrevious {
					t.Errorf("statements: page 1 %d, last page %d, ?page=2 %d, next link %d, previous link %d", n, nLast, nSecond, nNext, nPrevious)
				}
			})
		}
	})
}
