package app_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
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
		pages := []struct {
			query          string
			authors        int
			want, unwanted []string
		}{
			// Links carry the cursor of the page they come from: the next page starts after author 10.
			{"", 10, []string{"Page 1 of 2.", `href="?after=10&amp;page=2"`}, nil},
			{"?page=2", 3, []string{"Page 2 of 2.", `href="?page=1"`}, []string{`rel="next"`}},
		}
		for _, p := range pages {
			t.Run("page"+p.query, func(t *testing.T) {
				r := c.Get("/catalog/authors/" + p.query)
				apptest.Status(t, r, 200)
				if n := len(listItem.FindAllString(r.Body, -1)); n != p.authors {
					t.Errorf("%d authors, want %d", n, p.authors)
				}
				apptest.Contains(t, r.Body, p.want...)
				apptest.Excludes(t, r.Body, p.unwanted...)
			})
		}
		for _, p := range []string{"3", "0", "-1", "abc", "1.5", "99999999999999999999"} {
			t.Run("?page="+p, func(t *testing.T) {
				r := c.Get("/catalog/authors/?page=" + p)
				apptest.Status(t, r, 404)
				apptest.Contains(t, r.Body, "Page not found")
			})
		}
		t.Run("?page=last", func(t *testing.T) {
			apptest.Contains(t, c.Get("/catalog/authors/?page=last").Body, "Page 2 of 2.")
		})
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
			{bookPath(wind), []string{"Title: The Name of the Wind", `<a href="` + authorPath(rothfuss) + `">Rothfuss, Patrick</a>`,
				"I have stolen princesses", "9781473211896", ">English</a>", ">Fantasy</a>", "London Gollancz, 2014.", "Imprint XXX2",
				`class="text-success">Available`, `class="text-danger">Maintenance`}},
			{"/catalog/authors/", []string{"Author List", ">Asimov, Isaac</a> (Jan. 2, 1920 - April 6, 1992)", ">Billings, Bob</a>"}},
			{authorPath(asimov), []string{"Author: Asimov, Isaac", "Jan. 2, 1920 - April 6, 1992", "This author has no books"}},
			{authorPath(rothfuss), []string{"Author: Rothfuss, Patrick", "The Slow Regard of Silent Things", "Deep below the University"}},
			{"/catalog/genres/", []string{"Genre List", ">Fantasy</a>", ">French Poetry</a>", ">Science Fiction</a>"}},
			{genrePath(fantasy), []string{"Genre: Fantasy", "Test Book 1</a> (Jones, Jim)", "The Wise Man&#39;s Fear"}},
			{"/catalog/languages/", []string{"Language List", ">English</a>"}},
			{languagePath(english), []string{"Language: English", "Death Wave</a> (Bova, Ben)"}},
			{"/catalog/bookinstances/", []string{"Book Instance List", `class="text-warning-emphasis">On loan`, "(Due: " + onLoan.DueBack.Display() + ")"}},
			{copyPath(onLoan), []string{"ID: " + onLoan.ID.String(), onLoan.Book.Title, onLoan.Imprint, "On loan", "Due back:</strong> " + onLoan.DueBack.Display()}},
			{"/catalog/search/?q=kingkiller", []string{"3 books found", "The Name of the Wind", "The Wise Man&#39;s Fear", "The Slow Regard"}},
		}
		c := apptest.NewClient(t, a)
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				r := c.Get(tt.path)
				if apptest.Status(t, r, 200) {
					apptest.Contains(t, r.Body, tt.want...)
				}
			})
		}
		t.Run("book with a copy on loan", func(t *testing.T) {
			// The book with an on-loan copy shows its due date.
			apptest.Contains(t, c.Get(bookPath(onLoan.Book)).Body, `class="text-warning-emphasis">On loan`, "Due to be returned:</strong> "+onLoan.DueBack.Display())
		})
	})
}

func TestListURLsWithoutSlashRedirect(t *testing.T) {
	a := apptest.NewApp(t, apptest.Config(t, apptest.SQLite))
	c := apptest.NewClient(t, a)
	for _, p := range []string{"books", "authors", "genres", "languages", "bookinstances", "search"} {
		t.Run(p, func(t *testing.T) {
			apptest.Redirect(t, c.Get("/catalog/"+p+"?page=1"), 301, "/catalog/"+p+"/?page=1")
		})
	}
	t.Run("detail URLs take no trailing slash", func(t *testing.T) {
		apptest.Status(t, c.Get("/catalog/book/1/"), 404)
	})
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
			t.Run(p, func(t *testing.T) {
				r := c.Get(p)
				apptest.Status(t, r, 404)
				apptest.Contains(t, r.Body, "Page not found")
			})
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
		apptest.InOrder(t, c.Get("/catalog/books/").Body, "Another</a> (Abel, Al)", "Same Title</a> (Abel, Bob)", "Same Title</a> (Zed, Ann)")
		apptest.InOrder(t, c.Get("/catalog/authors/").Body, "Abel, Al", "Abel, Bob", "Zed, Ann")
		apptest.InOrder(t, c.Get("/catalog/bookinstances/").Body, apptest.Date(2).Display(), apptest.Date(9).Display(), "Available")
	})
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
		for _, p := range []string{"/catalog/books/", bookPath(book), "/catalog/authors/", authorPath(obrien), "/catalog/genres/", genrePath(genre),
			"/catalog/languages/", languagePath(lang), "/catalog/bookinstances/", copyPath(copy), "/catalog/search/?q=alert", "/catalog/search/?q=" + "%3Cscript%3E"} {
			t.Run(p, func(t *testing.T) {
				r := c.Get(p)
				apptest.Status(t, r, 200)
				apptest.Excludes(t, r.Body, "<script>alert(1)</script>", "<b>Bold</b>", "<i>Irish</i>", "<script>")
			})
		}
		checks := map[string]string{
			bookPath(book):        "&lt;script&gt;alert(1)&lt;/script&gt;",
			authorPath(obrien):    "O&#39;Brien, Flann",
			"/catalog/authors/":   "O&#39;Brien, Flann",
			"/catalog/genres/":    "&lt;b&gt;Bold&lt;/b&gt; &amp; &#34;Quoted&#34;",
			"/catalog/books/":     "&lt;script&gt;alert(1)&lt;/script&gt;</a> (O&#39;Brien, Flann)",
			"/catalog/languages/": "&lt;i&gt;Irish&lt;/i&gt;",
		}
		for p, want := range checks {
			t.Run("text on "+p, func(t *testing.T) {
				apptest.Contains(t, c.Get(p).Body, want)
			})
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
			{"076537952X", []string{"Apes and Angels"}, 1},
			{"0-7653-7952-x", []string{"Apes and Angels"}, 1},
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
			t.Run("q="+tt.q, func(t *testing.T) {
				r := c.Get("/catalog/search/?q=" + url.QueryEscape(tt.q))
				if !apptest.Status(t, r, 200) {
					return
				}
				found := fmt.Sprintf("%d book%s found", tt.count, map[bool]string{true: "", false: "s"}[tt.count == 1])
				apptest.Contains(t, r.Body, append([]string{found}, tt.want...)...)
			})
		}
		t.Run("only books with an available copy", func(t *testing.T) {
			apptest.Contains(t, c.Get("/catalog/search/?q=bova&available=1").Body, "2 books found")
			// García has no available copy.
			apptest.Contains(t, c.Get("/catalog/search/?q=garcia&available=1").Body, "0 books found")
			apptest.Contains(t, c.Get("/catalog/search/?q=kingkiller&available=1").Body, "1 book found", "The Name of the Wind")
			// As Django's checkbox reads it, "false" is unchecked.
			apptest.Contains(t, c.Get("/catalog/search/?q=kingkiller&available=false").Body, "3 books found")
		})
		t.Run("empty query", func(t *testing.T) {
			// An empty query shows the form only; the sidebar has a search box.
			r := c.Get("/catalog/search/")
			apptest.Status(t, r, 200)
			apptest.Excludes(t, r.Body, "found")
			apptest.Contains(t, r.Body, `action="/catalog/search/"`)
			apptest.Contains(t, c.Get("/catalog/books/").Body, `name="q"`)
		})
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
		apptest.Contains(t, c.Get("/catalog/search/?q=saga&available=").Body, "12 books found", `href="?after=10&amp;available=&amp;page=2&amp;q=saga"`)
		r := c.Get("/catalog/search/?q=saga&page=2")
		if apptest.Status(t, r, 200) && strings.Count(r.Body, "Saga part") != 2 {
			t.Errorf("page 2: %d books, want 2\n%s", strings.Count(r.Body, "Saga part"), apptest.Main(r.Body))
		}
		apptest.Status(t, c.Get("/catalog/search/?q=saga&page=3"), 404)
	})
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
			if err := models.CheckOut(ctx, db, bi.ID, libby.ID, libby.ID, models.Today().AddDays(7), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		lend(lent)
		pages := []string{"/catalog/", "/catalog/books/", bookPath(first), "/catalog/authors/", authorPath(author), "/catalog/genres/", genrePath(genre),
			"/catalog/languages/", languagePath(lang), "/catalog/bookinstances/", "/catalog/search/?q=counted", copyPath(lent),
			"/catalog/mybooks/", "/catalog/borrowed/", "/catalog/stats/", "/catalog/loans/", fmt.Sprintf("/catalog/user/%d/loans/", libby.ID)}
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
			if _, err := models.CheckIn(ctx, db, lent.ID, libby.ID, models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
				t.Fatal(err)
			}
			lend(lent)
			if err := db.Model(&first).Association("Genres").Append(&g); err != nil {
				t.Fatal(err)
			}
		}
		ten := measure()
		for _, p := range pages {
			t.Run(p, func(t *testing.T) {
				if one[p] != ten[p] || one[p] == 0 {
					t.Errorf("%d statements with one row, %d with ten", one[p], ten[p])
				}
			})
		}
		t.Logf("statements per page: %v", ten)
	})
}
