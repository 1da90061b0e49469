package app_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"regexp"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

func TestAdminDashboardCountsEveryModel(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		adminCatalog(t, db, rand.New(rand.NewPCG(2, 9)))
		apptest.Superuser(t, db, "root", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("root", goodPassword)
		body := c.Get("/admin/").Body
		for path, table := range map[string]string{"/admin/catalog/book/": "catalog_book", "/admin/catalog/author/": "catalog_author",
			"/admin/catalog/genre/": "catalog_genre", "/admin/catalog/language/": "catalog_language",
			"/admin/catalog/bookinstance/": "catalog_bookinstance", "/admin/catalog/hold/": "catalog_hold",
			"/admin/auth/user/": "auth_user", "/admin/auth/group/": "auth_group"} {
			var n int64
			must(t, db.Table(table).Count(&n).Error)
			m := regexp.MustCompile(`href="` + regexp.QuoteMeta(path) + `">[^<]*</a></th>\s*<td class="text-end">(\d+)</td>`).FindStringSubmatch(body)
			if m == nil || m[1] != fmt.Sprint(n) {
				t.Errorf("%s: dashboard count %v, the table holds %d rows", path, m, n)
			}
		}
	})
}

func TestAdminFilteredListsCountToTheCap(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		must(t, seed.Synthetic(context.Background(), a.DB, models.AdminCap+50, io.Discard))
		apptest.Superuser(t, db, "root", goodPassword)
		c := apptest.NewClient(t, a)
		c.Login("root", goodPassword)
		var books int64
		must(t, db.Model(&models.Book{}).Count(&books).Error)
		pages := func(n int64) string { return fmt.Sprintf("Page 1 of %d.", (n+models.PerPage-1)/models.PerPage) }
		// Unfiltered: the exact total, from the counter.
		apptest.Contains(t, c.Get("/admin/catalog/book/").Body, fmt.Sprintf("%d books", books), pages(books))
		// Searched: counted up to the cap, and paged through the first AdminCap books in order.
		r := c.Get("/admin/catalog/book/?q=synthetic")
		apptest.Contains(t, r.Body, fmt.Sprintf("More than %d books found", models.AdminCap),
			fmt.Sprintf("showing the first %d", models.AdminCap), pages(models.AdminCap))
		last := rows(t, c.Get("/admin/catalog/book/?q=synthetic&page=last").Body)
		want := column(t, db, `SELECT b.title FROM catalog_book b WHERE b.title LIKE '%synthetic%'
			ORDER BY b.title, b.author_last_name, b.author_first_name, b.id LIMIT 10 OFFSET ?`, models.AdminCap-10)
		if fmt.Sprint(last) != fmt.Sprint(want) {
			t.Errorf("last page %q, want the books %d to %d in catalog order %q", last, models.AdminCap-9, models.AdminCap, want)
		}
		// Searched within one language: more matches than the cap overall, fewer in the language,
		// counted exactly; the books are found by walking the language's books in order.
		var lang int64
		must(t, db.Raw("SELECT min(language_id) FROM catalog_book").Scan(&lang).Error)
		inLang := column(t, db, `SELECT b.title FROM catalog_book b WHERE b.title LIKE '%synthetic%' AND b.language_id = ?
			ORDER BY b.title, b.author_last_name, b.author_first_name, b.id`, lang)
		path := fmt.Sprintf("/admin/catalog/book/?q=synthetic&language__id__exact=%d", lang)
		apptest.Contains(t, c.Get(path).Body, fmt.Sprintf("%d books found", len(inLang)), pages(int64(len(inLang))))
		if got := rows(t, c.Get(path+"&page=last").Body); fmt.Sprint(got) != fmt.Sprint(inLang[(len(inLang)-1)/10*10:]) {
			t.Errorf("last page in the language %q, want %q", got, inLang[(len(inLang)-1)/10*10:])
		}
		// Past the cap's pages: 404, as past the end of any list.
		apptest.Status(t, c.Get(fmt.Sprintf("/admin/catalog/book/?q=synthetic&page=%d", models.AdminCap/models.PerPage+1)), 404)
	})
}
