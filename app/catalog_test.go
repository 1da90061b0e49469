package app_test

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

var listItem = regexp.MustCompile(`<li><a href="/catalog/author/\d+">`)

func TestAuthorListPagination(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		for i := range 13 {
			apptest.Author(t, a.DB.Gorm, fmt.Sprintf("Dominique %d", i), fmt.Sprintf("Surname %02d", i))
		}
		c := apptest.NewClient(t, a)
		r := c.Get("/catalog/authors/")
		if r.Status != 200 || len(listItem.FindAllString(r.Body, -1)) != 10 || !strings.Contains(r.Body, "Page 1 of 2.") {
			t.Errorf("page 1: %d, %d authors\n%s", r.Status, len(listItem.FindAllString(r.Body, -1)), r.Body)
		}
		if !strings.Contains(r.Body, `href="?page=2"`) {
			t.Error("page 1 should link to the next page")
		}
		r = c.Get("/catalog/authors/?page=2")
		if r.Status != 200 || len(listItem.FindAllString(r.Body, -1)) != 3 || !strings.Contains(r.Body, "Page 2 of 2.") {
			t.Errorf("page 2: %d, %d authors", r.Status, len(listItem.FindAllString(r.Body, -1)))
		}
		if !strings.Contains(r.Body, `href="?page=1"`) || strings.Contains(r.Body, `rel="next"`) {
			t.Error("page 2 should link back and not forward")
		}
		for _, p := range []string{"3", "0", "-1", "abc", "1.5", "99999999999999999999"} {
			if r := c.Get("/catalog/authors/?page=" + p); r.Status != 404 || !strings.Contains(r.Body, "Page not found") {
				t.Errorf("?page=%s: %d, want the 404 page", p, r.Status)
			}
		}
		if r := c.Get("/catalog/authors/?page=last"); !strings.Contains(r.Body, "Page 2 of 2.") {
			t.Error("?page=last should show the last page")
		}
	})
}

func TestCatalogPagesOnSampleData(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		db := a.DB.Gorm
		var wind models.Book
		if err := db.Where("isbn = ?", "9781473211896").Take(&wind).Error; err != nil {
			t.Fatal(err)
		}
		var onLoan models.BookInstance
		if err := db.Joins("Book").Where("status = ?", models.StatusOnLoan).Order("due_back").Take(&onLoan).Error; err != nil {
			t.Fatal(err)
		}
		var asimov, rothfuss models.Author
		db.Where("last_name = ?", "Asimov").Take(&asimov)
		db.Where("last_name = ?", "Rothfuss").Take(&rothfuss)
		var fantasy models.Genre
		db.Where("name = ?", "Fantasy").Take(&fantasy)
		var english models.Language
		db.Where("name = ?", "English").Take(&english)

		tests := []struct {
			path string
			want []string
		}{
			{"/catalog/books/", []string{"Book List", `<a href="/catalog/book/` + fmt.Sprint(wind.ID) + `">The Name of the Wind (The Kingkiller Chronicle, #1)</a> (Rothfuss, Patrick)`, "Apes and Angels</a> (Bova, Ben)"}},
			{wind.URL(), []string{"Title: The Name of the Wind", `<a href="` + rothfuss.URL() + `">Rothfuss, Patrick</a>`,
				"I have stolen princesses", "9781473211896", ">English</a>", ">Fantasy</a>", "London Gollancz, 2014.", "Imprint XXX2",
				`class="text-success">Available`, `class="text-danger">Maintenance`}},
			{"/catalog/authors/", []string{"Author List", ">Asimov, Isaac</a> (Jan. 2, 1920 - April 6, 1992)", ">Billings, Bob</a>"}},
			{asimov.URL(), []string{"Author: Asimov, Isaac", "Jan. 2, 1920 - April 6, 1992", "This author has no books"}},
			{rothfuss.URL(), []string{"Author: Rothfuss, Patrick", "The Slow Regard of Silent Things", "Deep below the University"}},
			{"/catalog/genres/", []string{"Genre List", ">Fantasy</a>", ">French Poetry</a>", ">Science Fiction</a>"}},
			{fantasy.URL(), []string{"Genre: Fantasy", "Test Book 1</a> (Jones, Jim)", "The Wise Man&#39;s Fear"}},
			{"/catalog/languages/", []string{"Language List", ">English</a>"}},
			{english.URL(), []string{"Language: English", "Death Wave</a> (Bova, Ben)"}},
			{"/catalog/bookinstances/", []string{"Book Instance List", `class="text-warning-emphasis">On loan`, "(Due: " + onLoan.DueBack.Display() + ")"}},
			{onLoan.URL(), []string{"ID: " + onLoan.ID.String(), onLoan.Book.Title, onLoan.Imprint, "On loan", "Due back:</strong> " + onLoan.DueBack.Display()}},
			{"/catalog/search/?q=kingkiller", []string{"3 books found", "The Name of the Wind", "The Wise Man&#39;s Fear", "The Slow Regard"}},
		}
		c := apptest.NewClient(t, a)
		for _, tt := range tests {
			r := c.Get(tt.path)
			if r.Status != 200 {
				t.Errorf("GET %s: %d", tt.path, r.Status)
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("GET %s: missing %q", tt.path, w)
				}
			}
		}
		// The book with an on-loan copy shows its due date.
		r := c.Get(onLoan.Book.URL())
		if !strings.Contains(r.Body, `class="text-warning-emphasis">On loan`) || !strings.Contains(r.Body, "Due to be returned:</strong> "+onLoan.DueBack.Display()) {
			t.Errorf("book detail should list the copy on loan with its due date:\n%s", r.Body)
		}
	})
}

func TestListURLsWithoutSlashRedirect(t *testing.T) {
	a := apptest.NewApp(t, apptest.Config(t, apptest.SQLite))
	c := apptest.NewClient(t, a)
	for _, p := range []string{"books", "authors", "genres", "languages", "bookinstances", "search"} {
		r := c.Get("/catalog/" + p + "?page=1")
		if r.Status != 301 || r.Header.Get("Location") != "/catalog/"+p+"/?page=1" {
			t.Errorf("/catalog/%s: %d %q", p, r.Status, r.Header.Get("Location"))
		}
	}
	if r := c.Get("/catalog/book/1/"); r.Status != 404 {
		t.Errorf("detail URLs take no trailing slash: %d", r.Status)
	}
}

func TestMalformedAndUnknownIDsGive404(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		c := apptest.NewClient(t, a)
		for _, p := range []string{
			"/catalog/book/abc", "/catalog/book/99999999999999999999", "/catalog/book/-1", "/catalog/book/0", "/catalog/book/999999",
			"/catalog/book/1.0", "/catalog/book/%20", "/catalog/author/0", "/catalog/author/x", "/catalog/author/424242",
			"/catalog/genre/zz", "/catalog/genre/777", "/catalog/language/-3", "/catalog/language/888",
			"/catalog/bookinstance/not-a-uuid", "/catalog/bookinstance/00000000-0000-0000-0000-000000000000",
			"/catalog/bookinstance/6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10", "/catalog/bookinstance/6f1c3c1e4f574d5c9a591d1b8f0c7a10",
			"/catalog/bookinstance/12",
		} {
			r := c.Get(p)
			if r.Status != 404 || !strings.Contains(r.Body, "Page not found") {
				t.Errorf("GET %s: %d, want the 404 page", p, r.Status)
			}
		}
	})
}

func TestOrderings(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		zed := apptest.Author(t, db, "Ann", "Zed")
		abel := apptest.Author(t, db, "Bob", "Abel")
		abelA := apptest.Author(t, db, "Al", "Abel")
		apptest.Book(t, db, "Same Title", zed, nil)
		apptest.Book(t, db, "Same Title", abel, nil)
		b := apptest.Book(t, db, "Another", abelA, nil)
		apptest.Copy(t, db, b, models.StatusOnLoan, apptest.Date(9))
		apptest.Copy(t, db, b, models.StatusAvailable, nil)
		apptest.Copy(t, db, b, models.StatusOnLoan, apptest.Date(2))
		c := apptest.NewClient(t, a)
		inOrder(t, c.Get("/catalog/books/").Body, "Another</a> (Abel, Al)", "Same Title</a> (Abel, Bob)", "Same Title</a> (Zed, Ann)")
		inOrder(t, c.Get("/catalog/authors/").Body, "Abel, Al", "Abel, Bob", "Zed, Ann")
		inOrder(t, c.Get("/catalog/bookinstances/").Body, apptest.Date(2).Display(), apptest.Date(9).Display(), "Available")
	})
}

func inOrder(t *testing.T, body string, parts ...string) {
	t.Helper()
	pos := -1
	for _, p := range parts {
		i := strings.Index(body, p)
		if i < 0 || i < pos {
			t.Errorf("want %q in order in:\n%s", parts, body)
			return
		}
		pos = i
	}
}

func TestMarkupInDataIsEscapedEverywhere(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		obrien := apptest.Author(t, db, "Flann", "O'Brien")
		genre := apptest.Genre(t, db, `<b>Bold</b> & "Quoted"`)
		lang := apptest.Language(t, db, "<i>Irish</i>")
		book := apptest.Book(t, db, "<script>alert(1)</script>", obrien, &lang, genre)
		copy := apptest.Copy(t, db, book, models.StatusOnLoan, apptest.Date(3))
		c := apptest.NewClient(t, a)
		for _, p := range []string{"/catalog/books/", book.URL(), "/catalog/authors/", obrien.URL(), "/catalog/genres/", genre.URL(),
			"/catalog/languages/", lang.URL(), "/catalog/bookinstances/", copy.URL(), "/catalog/search/?q=alert", "/catalog/search/?q=" + "%3Cscript%3E"} {
			r := c.Get(p)
			if r.Status != 200 {
				t.Errorf("GET %s: %d", p, r.Status)
			}
			for _, raw := range []string{"<script>alert(1)</script>", "<b>Bold</b>", "<i>Irish</i>", "<script>"} {
				if strings.Contains(r.Body, raw) {
					t.Errorf("GET %s: %q rendered as markup", p, raw)
				}
			}
		}
		checks := map[string]string{
			book.URL():            "&lt;script&gt;alert(1)&lt;/script&gt;",
			obrien.URL():          "O&#39;Brien, Flann",
			"/catalog/authors/":   "O&#39;Brien, Flann",
			"/catalog/genres/":    "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;Quoted&#34;",
			"/catalog/books/":     "&lt;script&gt;alert(1)&lt;/script&gt;</a> (O&#39;Brien, Flann)",
			"/catalog/languages/": "&lt;i&gt;Irish&lt;/i&gt;",
		}
		for p, want := range checks {
			if r := c.Get(p); !strings.Contains(r.Body, want) {
				t.Errorf("GET %s: want the text %q", p, want)
			}
		}
	})
}

func TestSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		db := a.DB.Gorm
		garcia := apptest.Author(t, db, "Gabriel", "García Márquez")
		poetry := apptest.Genre(t, db, "Magical Realism")
		solitude := apptest.Book(t, db, "Cien años de soledad", garcia, nil, poetry)
		apptest.Copy(t, db, solitude, models.StatusMaintenance, nil)
		apptest.Book(t, db, "100% Pure_Fiction", garcia, nil, poetry)
		apptest.Book(t, db, "Łódź Straße", apptest.Author(t, db, "Stanisław", "Lem"), nil)
		c := apptest.NewClient(t, a)

		tests := []struct {
			q     string
			want  []string
			count int
		}{
			{"wise man", []string{"The Wise Man&#39;s Fear"}, 1},
			{"KINGKILLER", []string{"The Name of the Wind"}, 3},
			{"rothfuss", []string{"The Slow Regard"}, 3},
			{"Ben Bo", []string{"Apes and Angels", "Death Wave"}, 2},
			{"97807653795", []string{"Apes and Angels", "Death Wave"}, 2},
			{"978-0-7653-7952", []string{"Apes and Angels"}, 1},
			{"science fic", []string{"Test Book 1", "Death Wave"}, 3},
			{"garcia marquez", []string{"Cien años de soledad"}, 2},
			{"GARCÍA", []string{"Cien años de soledad"}, 2},
			{"anos de", []string{"Cien años de soledad"}, 1},
			{"realism", []string{"Cien años de soledad"}, 2},
			{"100%", []string{"100% Pure_Fiction"}, 1},
			{"n_m", nil, 0},
			{"e_f", []string{"100% Pure_Fiction"}, 1},
			{"no such thing at all", nil, 0},
			{"Łódź", []string{"Łódź Straße"}, 1},
			{"lodz strasse", []string{"Łódź Straße"}, 1},
			{"STRASSE", []string{"Łódź Straße"}, 1},
			{"stanisław", []string{"Łódź Straße"}, 1},
			{"stanislaw lem", []string{"Łódź Straße"}, 1},
			{"-", nil, 0},
			{" - ", nil, 0},
		}
		for _, tt := range tests {
			r := c.Get("/catalog/search/?q=" + urlQuery(tt.q))
			if r.Status != 200 {
				t.Errorf("q=%q: %d", tt.q, r.Status)
				continue
			}
			if !strings.Contains(r.Body, fmt.Sprintf("%d book%s found", tt.count, map[bool]string{true: "", false: "s"}[tt.count == 1])) {
				t.Errorf("q=%q: want %d results in\n%s", tt.q, tt.count, mainOf(r.Body))
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("q=%q: missing %q", tt.q, w)
				}
			}
		}
		// Only books with an available copy.
		r := c.Get("/catalog/search/?q=bova&available=1")
		if !strings.Contains(r.Body, "2 books found") {
			t.Errorf("available bova: %s", mainOf(r.Body))
		}
		r = c.Get("/catalog/search/?q=garcia&available=1")
		if !strings.Contains(r.Body, "0 books found") {
			t.Errorf("García has no available copy: %s", mainOf(r.Body))
		}
		r = c.Get("/catalog/search/?q=kingkiller&available=1")
		if !strings.Contains(r.Body, "1 book found") || !strings.Contains(r.Body, "The Name of the Wind") {
			t.Errorf("available kingkiller: %s", mainOf(r.Body))
		}
		// An empty query shows the form only; the sidebar has a search box.
		r = c.Get("/catalog/search/")
		if r.Status != 200 || strings.Contains(r.Body, "found") || !strings.Contains(r.Body, `action="/catalog/search/"`) {
			t.Errorf("empty search: %d", r.Status)
		}
		if !strings.Contains(c.Get("/catalog/books/").Body, `name="q"`) {
			t.Error("the sidebar should have a search box")
		}
	})
}

func TestSearchPaginationKeepsQuery(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		au := apptest.Author(t, a.DB.Gorm, "Many", "Books")
		for i := range 12 {
			apptest.Book(t, a.DB.Gorm, fmt.Sprintf("Saga part %02d", i), au, nil)
		}
		c := apptest.NewClient(t, a)
		r := c.Get("/catalog/search/?q=saga&available=")
		if !strings.Contains(r.Body, "12 books found") || !strings.Contains(r.Body, `href="?available=&amp;page=2&amp;q=saga"`) {
			t.Errorf("page 1 of the search:\n%s", mainOf(r.Body))
		}
		r = c.Get("/catalog/search/?q=saga&page=2")
		if r.Status != 200 || strings.Count(r.Body, "Saga part") != 2 {
			t.Errorf("page 2: %d\n%s", r.Status, mainOf(r.Body))
		}
		if r := c.Get("/catalog/search/?q=saga&page=3"); r.Status != 404 {
			t.Errorf("page 3: %d", r.Status)
		}
	})
}

func TestSearchUsesIndexOnPostgres(t *testing.T) {
	if !contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	a := apptest.NewApp(t, apptest.Config(t, apptest.Postgres))
	ctx := context.Background()
	if err := seed.Synthetic(ctx, a.DB, 20000, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"Volume 12345", "Writer 99", "979000001234"} {
		plan, err := models.ExplainSearch(ctx, a.DB.Gorm, models.Search{Q: q})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(plan, "_trgm") {
			t.Errorf("q=%q: the plan uses no trigram index:\n%s", q, plan)
		}
		t.Logf("q=%q:\n%s", q, plan)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func urlQuery(s string) string {
	return strings.NewReplacer("%", "%25", " ", "+", "&", "%26", "#", "%23").Replace(s)
}

func mainOf(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:]
	}
	return body
}

func TestStatementsPerPageDoNotGrowWithRows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db := a.DB.Gorm
		ctx := context.Background()
		libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
		author := apptest.Author(t, db, "Count", "Ing")
		genre := apptest.Genre(t, db, "Counting")
		lang := apptest.Language(t, db, "Countish")
		first := apptest.Book(t, db, "Counted book 0", author, &lang, genre)
		lent := apptest.Copy(t, db, first, models.StatusAvailable, nil)
		lend := func(bi models.BookInstance) {
			if err := models.CheckOut(ctx, db, bi.ID, libby.ID, libby.ID, models.Today().AddDays(7), time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		lend(lent)
		pages := []string{"/catalog/", "/catalog/books/", first.URL(), "/catalog/authors/", author.URL(), "/catalog/genres/", genre.URL(),
			"/catalog/languages/", lang.URL(), "/catalog/bookinstances/", "/catalog/search/?q=counted", lent.URL(),
			"/catalog/mybooks/", "/catalog/borrowed/", "/catalog/loans/", fmt.Sprintf("/catalog/user/%d/loans/", libby.ID)}
		counter := apptest.CountStatements(t, db)
		c := apptest.NewClient(t, a)
		c.Login("libby", "quiet-lantern-47")
		measure := func() map[string]int64 {
			got := map[string]int64{}
			for _, p := range pages {
				before := counter.Load()
				if r := c.Get(p); r.Status != 200 {
					t.Fatalf("GET %s: %d", p, r.Status)
				}
				got[p] = counter.Load() - before
			}
			return got
		}
		one := measure()
		for i := 1; i < 10; i++ {
			other := apptest.Author(t, db, "Count", fmt.Sprintf("Ing %d", i))
			g := apptest.Genre(t, db, fmt.Sprintf("Counting %d", i))
			l := apptest.Language(t, db, fmt.Sprintf("Countish %d", i))
			b := apptest.Book(t, db, fmt.Sprintf("Counted book %d", i), author, &lang, genre, g)
			apptest.Book(t, db, fmt.Sprintf("Other counted book %d", i), other, &l, g)
			apptest.Copy(t, db, first, models.StatusAvailable, nil)
			lend(apptest.Copy(t, db, b, models.StatusAvailable, nil))
			if err := models.CheckIn(ctx, db, lent.ID, libby.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			lend(lent)
			if err := db.Model(&first).Association("Genres").Append(&g); err != nil {
				t.Fatal(err)
			}
		}
		ten := measure()
		for _, p := range pages {
			if one[p] != ten[p] || one[p] == 0 {
				t.Errorf("GET %s: %d statements with one row, %d with ten", p, one[p], ten[p])
			}
		}
		t.Logf("statements per page: %v", ten)
	})
}
