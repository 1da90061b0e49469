package app_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

// fetchList reads one page of a list as the ids of its rows.
type fetchList func(p models.ListParams) ([]string, models.Page, error)

// ids turns a List function's rows into their ids, with id.
func ids[T any](id func(T) string) func([]T, models.Page, error) ([]string, models.Page, error) {
	return func(rows []T, page models.Page, err error) ([]string, models.Page, error) {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = id(r)
		}
		return out, page, err
	}
}

func bookID(b models.Book) string          { return strconv.FormatInt(b.ID, 10) }
func copyID(c models.BookInstance) string  { return c.ID.String() }
func authorID(a models.Author) string      { return strconv.FormatInt(a.ID, 10) }
func genreID(g models.Genre) string        { return strconv.FormatInt(g.ID, 10) }
func languageID(l models.Language) string  { return strconv.FormatInt(l.ID, 10) }
func loanID(l models.Loan) string          { return strconv.FormatInt(l.ID, 10) }
func params(page string) models.ListParams { return models.ListParams{Page: page, Query: url.Values{}} }
func linked(link string) models.ListParams {
	q, _ := url.ParseQuery(strings.TrimPrefix(link, "?"))
	return models.ListParams{Page: q.Get("page"), Query: q}
}

// checkPages reads a list three ways and compares each with want, the list's ids in order as
// a plain ORDER BY on the source tables gives them: every page by number (counted off from the
// nearer end), the pages reached by next links from page 1 (seeking after the cursor), and those
// reached by previous links from ?page=last (seeking before it).
func checkPages(t *testing.T, fetch fetchList, want []string) {
	t.Helper()
	pages := max(1, (len(want)+models.PerPage-1)/models.PerPage)
	var numbered, forward, backward []string
	for n := 1; n <= pages; n++ {
		rows, page, err := fetch(params(strconv.Itoa(n)))
		if err != nil {
			t.Fatalf("page %d: %v", n, err)
		}
		if page.Number != n || page.NumPages != pages {
			t.Errorf("?page=%d says page %d of %d, want %d of %d", n, page.Number, page.NumPages, n, pages)
		}
		numbered = append(numbered, rows...)
	}
	walk := func(start string, link func(models.Page) (string, bool), prepend bool) []string {
		var out []string
		p := params(start)
		for range pages + 1 {
			rows, page, err := fetch(p)
			if err != nil {
				t.Fatalf("%v: %v", p.Query, err)
			}
			if prepend {
				out = append(slices.Clone(rows), out...)
			} else {
				out = append(out, rows...)
			}
			next, ok := link(page)
			if !ok {
				break
			}
			p = linked(next)
		}
		return out
	}
	forward = walk("", func(p models.Page) (string, bool) { return p.NextURL(), p.HasNext() }, false)
	backward = walk("last", func(p models.Page) (string, bool) { return p.PreviousURL(), p.HasPrevious() }, true)
	for _, got := range []struct {
		how string
		ids []string
	}{{"by number", numbered}, {"by next links", forward}, {"by previous links", backward}} {
		if !slices.Equal(got.ids, want) {
			t.Errorf("pages %s:\n got %v\nwant %v", got.how, got.ids, want)
		}
	}
}

// randomCatalog fills db with a catalog full of ties: titles, author names and due dates repeat,
// so that only the ids settle the order.
func randomCatalog(t *testing.T, db *gorm.DB, rng *rand.Rand, member, other models.User) {
	t.Helper()
	pick := func(s ...string) string { return s[rng.IntN(len(s))] }
	// Half the books have the first author, genre and language, so that their lists are long.
	skewed := func(n int) int {
		if rng.IntN(2) == 0 {
			return 0
		}
		return rng.IntN(n)
	}
	var authors []models.Author
	for range 15 {
		authors = append(authors, apptest.Author(t, db, pick("Al", "Bo", "Al "), pick("Ng", "Ngu", "Abel", "ng")))
	}
	var genres []models.Genre
	for i := range 13 {
		// The first genre, the most used, is found by a search for "genre a".
		letter := 'A'
		if i > 0 {
			letter += rune(rng.IntN(3))
		}
		genres = append(genres, apptest.Genre(t, db, fmt.Sprintf("Genre %c%d", letter, i)))
	}
	var langs []models.Language
	for i := range 12 {
		langs = append(langs, apptest.Language(t, db, fmt.Sprintf("Lang %c%d", 'A'+rng.IntN(2), i)))
	}

	dues := []*models.Date{nil, nil, apptest.Date(1), apptest.Date(1), apptest.Date(5), apptest.Date(-2)}
	lentAt := []time.Time{time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)}
	for i := range 50 + rng.IntN(30) {
		var gs []models.Genre
		for range rng.IntN(3) {
			if g := genres[skewed(len(genres))]; !slices.ContainsFunc(gs, func(x models.Genre) bool { return x.ID == g.ID }) {
				gs = append(gs, g)
			}
		}
		var lang *models.Language
		if rng.IntN(4) > 0 {
			lang = &langs[skewed(len(langs))]
		}
		b := apptest.Book(t, db, pick("Same", "Same", "Other", "Alpha same", "Zeta", "same"), authors[skewed(len(authors))], lang, gs...)
		for range rng.IntN(4) {
			status := pick(models.StatusAvailable, models.StatusOnLoan, models.StatusOnLoan, models.StatusMaintenance)
			c := apptest.Copy(t, db, b, status, dues[rng.IntN(len(dues))])
			if status == models.StatusOnLoan {
				borrower := []models.User{member, other}[rng.IntN(2)]
				must(t, db.Model(&c).Update("borrower_id", borrower.ID).Error)
				if i%2 == 0 {
					loan := models.Loan{BookInstanceID: c.ID, BorrowerID: &member.ID, LentAt: lentAt[rng.IntN(2)], DueBack: models.Today()}
					must(t, db.Omit("BookInstance", "Borrower", "Librarian", "ReturnedBy").Create(&loan).Error)
				}
			}
		}
	}
}

// column reads one column of strings.
func column(t *testing.T, db *gorm.DB, sql string, args ...any) []string {
	t.Helper()
	var out []string
	must(t, db.Raw(sql, args...).Scan(&out).Error)
	return out
}

func TestSeekPagesEqualCountedPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		for _, seedValue := range []uint64{1, 2, 3} {
			t.Run(fmt.Sprint("catalog ", seedValue), func(t *testing.T) {
				a := apptest.NewApp(t, apptest.Config(t, dialect))
				db, ctx := a.DB.Gorm, context.Background()
				member, other := apptest.User(t, db, "member", goodPassword), apptest.User(t, db, "other", goodPassword)
				randomCatalog(t, db, rand.New(rand.NewPCG(seedValue, 7)), member, other)
				first := func(sql string) int64 {
					var id int64
					must(t, db.Raw(sql).Scan(&id).Error)
					return id
				}
				author := first("SELECT author_id FROM catalog_book GROUP BY author_id ORDER BY count(*) DESC, author_id LIMIT 1")
				genre := first("SELECT genre_id FROM catalog_book_genre GROUP BY genre_id ORDER BY count(*) DESC, genre_id LIMIT 1")
				lang := first("SELECT language_id FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id ORDER BY count(*) DESC LIMIT 1")
				const byBook = " ORDER BY b.title, a.last_name, a.first_name, b.id"
				const books = "SELECT b.id FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id"
				const byDue = " ORDER BY CASE WHEN due_back IS NULL THEN 1 ELSE 0 END, due_back, id"
				lists := []struct {
					name  string
					fetch fetchList
					want  []string
				}{
					{"books", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.ListBooks(ctx, db, p))
					}, column(t, db, books+byBook)},
					{"an author's books", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.ListBooksBy(ctx, db, models.BooksBy{AuthorID: author}, p))
					}, column(t, db, "SELECT id FROM catalog_book WHERE author_id = ? ORDER BY title, id", author)},
					{"a genre's books", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.ListBooksBy(ctx, db, models.BooksBy{GenreID: genre}, p))
					}, column(t, db, books+" JOIN catalog_book_genre bg ON bg.book_id = b.id WHERE bg.genre_id = ?"+byBook, genre)},
					{"a language's books", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.ListBooksBy(ctx, db, models.BooksBy{LanguageID: lang}, p))
					}, column(t, db, books+" WHERE b.language_id = ?"+byBook, lang)},
					{"authors", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(authorID)(models.ListAuthors(ctx, db, p))
					}, column(t, db, "SELECT id FROM catalog_author ORDER BY last_name, first_name, id")},
					{"genres", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(genreID)(models.ListGenres(ctx, db, p))
					}, column(t, db, "SELECT id FROM catalog_genre ORDER BY name, id")},
					{"languages", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(languageID)(models.ListLanguages(ctx, db, p))
					}, column(t, db, "SELECT id FROM catalog_language ORDER BY name, id")},
					{"copies", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(copyID)(models.ListBookInstances(ctx, db, p))
					}, column(t, db, "SELECT id FROM catalog_bookinstance"+byDue)},
					{"copies on loan", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(copyID)(models.ListAllBorrowed(ctx, db, p))
					}, column(t, db, "SELECT id FROM catalog_bookinstance WHERE status = 'o'"+byDue)},
					{"a member's copies on loan", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(copyID)(models.ListBorrowedBy(ctx, db, member.ID, p))
					}, column(t, db, "SELECT id FROM catalog_bookinstance WHERE status = 'o' AND borrower_id = ?"+byDue, member.ID)},
					{"a member's loans, newest first", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(loanID)(models.ListUserLoans(ctx, db, member.ID, p))
					}, column(t, db, "SELECT id FROM catalog_loan WHERE borrower_id = ? ORDER BY lent_at DESC, id DESC", member.ID)},
					{"a search", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.SearchBooks(ctx, db, models.Search{Q: "SAME"}, p))
					}, column(t, db, books+" WHERE lower(b.title) LIKE '%same%'"+byBook)},
					{"a search by genre", func(p models.ListParams) ([]string, models.Page, error) {
						return ids(bookID)(models.SearchBooks(ctx, db, models.Search{Q: "genre a"}, p))
					}, column(t, db, books+" WHERE b.id IN (SELECT book_id FROM catalog_book_genre bg JOIN catalog_genre g ON g.id = bg.genre_id WHERE g.name LIKE 'Genre A%')"+byBook)},
				}
				// The admin's lists sort by any column, either way, and count capped.
				mixed := models.Order{{Expr: "catalog_book.title", Desc: true}, {Expr: "catalog_book.author_last_name"}, {Expr: "catalog_book.id", Desc: true}}
				adminBooks := func(keys *gorm.DB, order models.Order, total func() (models.Total, error)) fetchList {
					return func(p models.ListParams) ([]string, models.Page, error) {
						l := models.Listing{Keys: keys, Order: order, Rows: db.Model(&models.Book{}).Joins("Author"), RowID: "catalog_book.id", Total: total}
						return ids(bookID)(models.ListPage[models.Book](l, p, "admin books"))
					}
				}
				same := db.Model(&models.Book{}).Where("catalog_book.title IN ?", []string{"Same", "same"})
				lists = append(lists, []struct {
					name  string
					fetch fetchList
					want  []string
				}{
					{"keys in both directions", adminBooks(db.Model(&models.Book{}), mixed, models.CounterTotal(db, 0, "book")),
						column(t, db, books+" ORDER BY b.title DESC, a.last_name, b.id DESC")},
					{"a filtered list, capped", adminBooks(same, mixed, models.CountCapped(same, 12)),
						column(t, db, books+" WHERE b.title IN ('Same', 'same') ORDER BY b.title DESC, a.last_name, b.id DESC LIMIT 12")},
				}...)
				for _, l := range lists {
					t.Run(l.name, func(t *testing.T) {
						if len(l.want) <= models.PerPage {
							t.Fatalf("%d rows: too few to page through", len(l.want))
						}
						checkPages(t, l.fetch, l.want)
					})
				}
				t.Run("a link whose cursor row is gone", func(t *testing.T) {
					want, _, err := ids(authorID)(models.ListAuthors(ctx, db, params("2")))
					must(t, err)
					got, page, err := ids(authorID)(models.ListAuthors(ctx, db, linked("?page=2&after=987654321")))
					must(t, err)
					if page.Number != 2 || !slices.Equal(got, want) {
						t.Errorf("page %d %v, want page 2 %v", page.Number, got, want)
					}
				})
			})
		}
	})
}

func TestCappedSearchPages(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		must(t, seed.Synthetic(ctx, a.DB, models.SearchCap+50, io.Discard))
		fetch := func(p models.ListParams) ([]string, models.Page, error) {
			return ids(bookID)(models.SearchBooks(ctx, db, models.Search{Q: "synthetic"}, p))
		}
		_, page, err := fetch(params(""))
		must(t, err)
		if !page.Capped || page.Count != models.SearchCap {
			t.Fatalf("a text in every book: count %d (capped %v), want the cap %d", page.Count, page.Capped, models.SearchCap)
		}
		r := apptest.NewClient(t, a).Get("/catalog/search/?q=synthetic")
		apptest.Contains(t, r.Body, fmt.Sprintf("More than %d books found for “synthetic”; showing the first %d.", models.SearchCap, models.SearchCap),
			fmt.Sprintf("Page 1 of %d.", models.SearchCap/models.PerPage))
		// The first SearchCap books in catalog order.
		want := column(t, db, "SELECT b.id FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id ORDER BY b.title, a.last_name, a.first_name, b.id LIMIT ?", models.SearchCap)
		checkPages(t, fetch, want)
	})
}
