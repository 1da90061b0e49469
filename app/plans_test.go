package app_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/database"
	"locallibrary/app/seed"
)

var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// TestListPlansUseIndexes reads each list's first page, last page and a page linked from a
// neighbour, and a search for a specific and for a very common text, on a catalog of a few
// thousand books, and checks the database's plan of every statement sent: the rows are found
// through an index of the list's order (or the search index), never by reading a whole catalog
// table.
func TestListPlansUseIndexes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		ctx := context.Background()
		must(t, seed.Synthetic(ctx, a.DB, 3000, io.Discard))
		db := a.DB.Gorm
		var genre, lang, author int64
		must(t, db.Raw("SELECT max(genre_id) FROM catalog_book_genre").Scan(&genre).Error)
		must(t, db.Raw("SELECT max(language_id) FROM catalog_book").Scan(&lang).Error)
		must(t, db.Raw("SELECT max(author_id) FROM catalog_book").Scan(&author).Error)
		// Synthetic authors have ten books: give one enough for three pages.
		must(t, db.Exec("UPDATE catalog_book SET author_id = ? WHERE id IN (SELECT id FROM catalog_book ORDER BY id DESC LIMIT 25)", author).Error)
		apptest.Librarian(t, db, "libby", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("libby", goodPassword)
		rec := apptest.RecordStatements(t, db)

		lists := []struct{ path, index string }{
			{"/catalog/books/", "catalog_book_ordering"},
			{fmt.Sprintf("/catalog/author/%d", author), "catalog_book_author"},
			{fmt.Sprintf("/catalog/genre/%d", genre), "catalog_book_genre_genre"},
			{fmt.Sprintf("/catalog/language/%d", lang), "catalog_book_language"},
			{"/catalog/authors/", "catalog_author_ordering"},
			{"/catalog/bookinstances/", "catalog_bookinstance_ordering"},
			{"/catalog/borrowed/", "catalog_bookinstance_status_ordering"},
		}
		for _, l := range lists {
			first := c.Get(l.path)
			m := nextLink.FindStringSubmatch(first.Body)
			if m == nil {
				t.Fatalf("%s has no next page", l.path)
			}
			for _, query := range []string{"", "?page=last", html.UnescapeString(m[1])} {
				t.Run(l.path+query, func(t *testing.T) {
					checkPlans(t, c, a.DB, rec, l.path+query, l.index)
				})
			}
		}
		searchIndex := "catalog_book_search_trgm"
		if dialect == apptest.SQLite {
			searchIndex = "catalog_book_fts"
		}
		searches := []struct{ query, index string }{
			{"?q=Volume+1234", searchIndex},
			{"?q=979000000123", searchIndex},
			// In every book: counted up to the cap, then walked in catalog order.
			{"?q=synthetic", "catalog_book_ordering"},
		}
		for _, s := range searches {
			t.Run("/catalog/search/"+s.query, func(t *testing.T) {
				checkPlans(t, c, a.DB, rec, "/catalog/search/"+s.query, s.index)
			})
		}
	})
}

// catalogScan matches a plan step that reads a whole catalog table: PostgreSQL's sequential
// scan, SQLite's SCAN without an index.
var catalogScan = regexp.MustCompile(`(?m)Seq Scan on catalog_(book|book_genre|bookinstance|author|loan)\b|^SCAN catalog_(book|book_genre|bookinstance|author|loan)$`)

// checkPlans gets path and checks the plans of the statements it sent, which it returns: none
// reads a whole catalog table, and one uses index.
func checkPlans(t *testing.T, c *apptest.Client, db *database.DB, rec *apptest.Recorder, path, index string) []apptest.Statement {
	t.Helper()
	return checkPlansExcept(t, c, db, rec, path, index, "")
}

// checkPlansExcept is checkPlans where the plans may read the table named allowed whole.
func checkPlansExcept(t *testing.T, c *apptest.Client, db *database.DB, rec *apptest.Recorder, path, index, allowed string) []apptest.Statement {
	t.Helper()
	rec.Start()
	r := c.Get(path)
	stmts := rec.Stop()
	if !apptest.Status(t, r, 200) {
		return nil
	}
	used := false
	for _, st := range stmts {
		plan := apptest.Explain(t, db, st, true)
		if os.Getenv("LOCALLIBRARY_TEST_PLANS") == "1" {
			t.Logf("%s\n%s", st.SQL, plan)
		}
		for _, m := range catalogScan.FindAllStringSubmatch(plan, -1) {
			if allowed == "" || (m[1] != allowed && m[2] != allowed) {
				t.Errorf("%q reads a whole table:\n%s\n%s", m[0], st.SQL, plan)
				break
			}
		}
		used = used || strings.Contains(plan, index)
	}
	if !used {
		t.Errorf("no statement uses %s", index)
	}
	return stmts
}

// topNSort matches a PostgreSQL plan that sorts a list's rows to keep the first of them (a Limit
// over a Sort): what an index of the order spares. The page's own rows, read first, are sorted
// above the limit.
var topNSort = regexp.MustCompile(`Limit [^\n]*\n\s*->\s+(Incremental )?Sort\b`)

// isbnIndex is the index that serves the books by ISBN: SQLite knows the unique ISBNs need no id
// to order them.
var isbnIndex = map[string]string{apptest.Postgres: "catalog_book_isbn_ordering", apptest.SQLite: "sqlite_autoindex_catalog_book"}

// TestAdminListPlansUseIndexes reads admin lists, in their default order, sorted by a column
// and filtered by a copy's status, on a catalog of a few thousand books: page 1, the last page
// and a linked page each find their rows through the index of their order, never by reading or
// sorting a whole catalog table.
func TestAdminListPlansUseIndexes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		must(t, seed.Synthetic(context.Background(), a.DB, 3000, io.Discard))
		db := a.DB.Gorm
		var genre int64
		must(t, db.Raw("SELECT max(genre_id) FROM catalog_book_genre").Scan(&genre).Error)
		apptest.Superuser(t, db, "root", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("root", goodPassword)
		rec := apptest.RecordStatements(t, db)
		lists := []struct{ path, index string }{
			{"/admin/catalog/book/", "catalog_book_ordering"},
			{"/admin/catalog/book/?o=-0", "catalog_book_ordering"},
			{"/admin/catalog/book/?o=1", "catalog_book_author_names"},
			{"/admin/catalog/book/?o=-3", isbnIndex[dialect]},
			{fmt.Sprintf("/admin/catalog/book/?genre__id__exact=%d", genre), "catalog_book_genre_genre"},
			{"/admin/catalog/author/?o=1", "catalog_author_born"},
			{"/admin/catalog/bookinstance/", "catalog_bookinstance_ordering"},
			{"/admin/catalog/bookinstance/?status__exact=a", "catalog_bookinstance_status_ordering"},
			{"/admin/catalog/bookinstance/?status__exact=o&o=-2", "catalog_bookinstance_status_ordering"},
		}
		for _, l := range lists {
			first := c.Get(l.path)
			m := nextLink.FindStringSubmatch(first.Body)
			if m == nil {
				t.Fatalf("%s has no next page", l.path)
			}
			base, _, _ := strings.Cut(l.path, "?")
			for _, path := range []string{l.path, withPage(l.path, "last"), base + html.UnescapeString(m[1])} {
				t.Run(path, func(t *testing.T) {
					stmts := checkPlans(t, c, a.DB, rec, path, l.index)
					if !a.DB.Postgres() {
						return
					}
					for _, st := range stmts {
						if plan := apptest.Explain(t, a.DB, st, true); topNSort.MatchString(plan) {
							t.Errorf("sorts rows the index should give in order:\n%s\n%s", st.SQL, plan)
						}
					}
				})
			}
		}
	})
}
