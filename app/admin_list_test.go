package app_test

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// shelves is a catalog to search, filter and sort in the admin.
type shelves struct {
	*site
	leGuin, asimov, rothfuss models.Author
	fantasy, scifi           models.Genre
	french                   models.Language
	foundation, nameOfWind   models.Book
	overdue, today, free     models.BookInstance
}

func newShelves(t *testing.T, dialect string) *shelves {
	t.Helper()
	s := &shelves{site: newSite(t, dialect)}
	db := s.db
	s.leGuin = s.author
	died := models.MustDate("2018-01-22")
	if err := db.Model(&s.leGuin).Update("date_of_death", died).Error; err != nil {
		t.Fatal(err)
	}
	s.asimov = apptest.Author(t, db, "Isaac", "Asimov")
	s.rothfuss = apptest.Author(t, db, "Patrick", "Rothfuss")
	s.fantasy, s.scifi = s.genre, apptest.Genre(t, db, "Science Fiction")
	s.french = apptest.Language(t, db, "French")
	s.foundation = apptest.Book(t, db, "Foundation", s.asimov, &s.french, s.scifi)
	s.nameOfWind = apptest.Book(t, db, "The Name of the Wind", s.rothfuss, &s.lang, s.fantasy)
	s.overdue = apptest.Copy(t, db, s.foundation, models.StatusOnLoan, apptest.Date(-3))
	s.today = apptest.Copy(t, db, s.foundation, models.StatusOnLoan, apptest.Date(0))
	s.free = apptest.Copy(t, db, s.nameOfWind, models.StatusMaintenance, nil)
	must(t, db.Model(&s.overdue).Update("borrower_id", s.alice.ID).Error)
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// rows returns the first-column texts of a change list, in order.
func rows(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, part := range strings.Split(body, `<th scope="row">`)[1:] {
		cell := part[:strings.Index(part, "</th>")]
		if i := strings.Index(cell, `">`); strings.HasPrefix(cell, "<a ") && i >= 0 {
			cell = strings.TrimSuffix(cell[i+2:], "</a>")
		}
		out = append(out, cell)
	}
	return out
}

func TestAdminListsSearchFilterSort(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelves(t, dialect)
		today := models.Today()
		tests := []struct {
			path string
			want []string
		}{
			{"/admin/catalog/book/", []string{"A Wizard of Earthsea", "Foundation", "The Lathe of Heaven", "The Name of the Wind"}},
			{"/admin/catalog/book/?o=-0", []string{"The Name of the Wind", "The Lathe of Heaven", "Foundation", "A Wizard of Earthsea"}},
			{"/admin/catalog/book/?o=1.-0", []string{"Foundation", "The Lathe of Heaven", "A Wizard of Earthsea", "The Name of the Wind"}},
			{"/admin/catalog/book/?o=2.0", []string{"A Wizard of Earthsea", "The Lathe of Heaven", "The Name of the Wind", "Foundation"}},
			{"/admin/catalog/book/?q=EARTH", []string{"A Wizard of Earthsea"}},
			{"/admin/catalog/book/?q=asimov", []string{"Foundation"}},
			{"/admin/catalog/book/?q=" + s.foundation.ISBN, []string{"Foundation"}},
			{"/admin/catalog/book/?q=fiction", []string{"Foundation"}},
			{"/admin/catalog/book/?genre__id__exact=" + fmt.Sprint(s.fantasy.ID), []string{"A Wizard of Earthsea", "The Lathe of Heaven", "The Name of the Wind"}},
			{"/admin/catalog/book/?language__id__exact=" + fmt.Sprint(s.french.ID), []string{"Foundation"}},
			{"/admin/catalog/book/?genre__id__exact=" + fmt.Sprint(s.fantasy.ID) + "&q=wind", []string{"The Name of the Wind"}},
			{"/admin/catalog/book/?o=99.x.4", []string{"A Wizard of Earthsea", "Foundation", "The Lathe of Heaven", "The Name of the Wind"}},
			{"/admin/catalog/book/?q=%25", nil},
			{"/admin/catalog/author/?date_of_death__isnull=False", []string{"Le Guin, Ursula"}},
			{"/admin/catalog/author/?date_of_death__isnull=True&o=-0", []string{"Wrote, Nobody", "Rothfuss, Patrick", "Asimov, Isaac"}},
			{"/admin/catalog/author/?q=isaac", []string{"Asimov, Isaac"}},
			{"/admin/catalog/genre/?q=fic", []string{"Science Fiction"}},
			{"/admin/catalog/language/?o=-0", []string{"Klingon", "French", "English"}},
			{"/admin/catalog/bookinstance/?status__exact=o&o=2", []string{"Foundation", "Foundation"}},
			{"/admin/catalog/bookinstance/?status__exact=d", []string{"The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?due_back__lt=" + today.String(), []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?due_back__gte=" + today.String() + "&due_back__lt=" + today.AddDays(1).String(), []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?due_back__isnull=True&o=0", []string{"A Wizard of Earthsea", "The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?q=alice", []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?q=" + s.free.ID.String(), []string{"The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?book__id__exact=" + fmt.Sprint(s.foundation.ID), []string{"Foundation", "Foundation"}},
			{"/admin/auth/user/?is_staff__exact=1", []string{"libby", "root"}},
			{"/admin/auth/user/?is_staff__exact=0", []string{"alice"}},
			{"/admin/auth/user/?is_superuser__exact=1", []string{"root"}},
			{"/admin/auth/user/?groups__id__exact=" + fmt.Sprint(s.librarians(t).ID), []string{"libby"}},
			{"/admin/auth/user/?q=EXAMPLE.com&o=-0", []string{"root", "libby", "alice"}},
			{"/admin/auth/user/?is_active__exact=0", nil},
			{"/admin/auth/group/?q=night", []string{"Night shift"}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				r := s.su.Get(tt.path)
				if !apptest.Status(t, r, http.StatusOK) {
					return
				}
				if got := rows(t, r.Body); strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("rows %q, want %q", got, tt.want)
				}
			})
		}
		for _, bad := range []string{"/admin/catalog/book/?genre__id__exact=abc", "/admin/catalog/book/?language__id__exact=-2",
			"/admin/catalog/bookinstance/?status__exact=z", "/admin/catalog/bookinstance/?due_back__gte=2026-02-30",
			"/admin/catalog/author/?date_of_death__isnull=maybe", "/admin/auth/user/?is_staff__exact=yes"} {
			t.Run(bad, func(t *testing.T) {
				r := s.su.Get(bad)
				apptest.Status(t, r, http.StatusBadRequest)
				apptest.Contains(t, r.Body, "filters are malformed")
			})
		}
	})
}

// librarians loads the Librarians group.
func (s *site) librarians(t *testing.T) models.Group {
	t.Helper()
	var g models.Group
	must(t, s.db.Where("name = ?", "Librarians").Take(&g).Error)
	return g
}

func TestAdminListColumnsCountsAndLinks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelves(t, dialect)
		books := s.su.Get("/admin/catalog/book/?o=0").Body
		apptest.InOrder(t, books, "Foundation", "Asimov, Isaac", "French", s.foundation.ISBN, "<td>2</td>", "The Lathe of Heaven")
		apptest.Contains(t, books, "4 books", `<a href="?genre__id__exact=`+fmt.Sprint(s.scifi.ID)+`&amp;o=0">Science Fiction</a>`)
		genres := s.su.Get("/admin/catalog/genre/").Body
		apptest.InOrder(t, genres, "Fantasy", "<td>3</td>", "Science Fiction", "<td>1</td>", "Westerns", "<td>0</td>")
		copies := s.su.Get("/admin/catalog/bookinstance/?o=2").Body
		apptest.InOrder(t, copies, "Foundation", `<td class="text-warning-emphasis">On loan</td>`, s.overdue.DueBack.Display(), "<td>alice</td>", "<td>"+s.overdue.ID.String()+"</td>")
		users := s.lib.Get("/admin/auth/user/").Body
		// A librarian sees every account, and may open the members' only.
		apptest.Contains(t, users, fmt.Sprintf(`<a href="/admin/auth/user/%d/change/">alice</a>`, s.alice.ID), `<th scope="row">libby</th>`, `<th scope="row">root</th>`)
		apptest.InOrder(t, users, "alice", "alice@example.com", "<td>No</td>", "<td>Yes</td>")
		apptest.Excludes(t, s.lib.Get("/admin/").Body, "/admin/auth/group/")
		apptest.Contains(t, s.su.Get("/admin/").Body, `<a href="/admin/auth/group/">Groups</a>`)
		// Escaped wherever shown.
		apptest.Book(t, s.db, `<script>alert("x")</script>`, s.asimov, nil, s.scifi)
		r := s.su.Get("/admin/catalog/book/?q=script")
		apptest.Contains(t, r.Body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;", `value="script"`)
		apptest.Excludes(t, r.Body, `<script>alert`)
	})
}

func TestAdminListPaging(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		for i := range 23 {
			apptest.Book(t, s.db, fmt.Sprintf("Paged %02d", i), s.lonely, nil, s.genre)
		}
		first := s.su.Get("/admin/catalog/book/?q=paged&o=-0")
		apptest.Contains(t, first.Body, "23 books found", "Page 1 of 3.", `&amp;o=-0&amp;page=2&amp;q=paged" rel="next"`)
		if got := rows(t, first.Body); len(got) != 10 || got[0] != "Paged 22" {
			t.Errorf("page 1: %q", got)
		}
		// The next link seeks after page 1's last row; ?page=2 alone counts rows off: both read page 2.
		next := nextLink.FindStringSubmatch(first.Body)
		if next == nil {
			t.Fatal("page 1 has no next link")
		}
		for _, link := range []string{html.UnescapeString(next[1]), "?q=paged&o=-0&page=2"} {
			if got := rows(t, s.su.Get("/admin/catalog/book/"+link).Body); len(got) != 10 || got[0] != "Paged 12" || got[9] != "Paged 03" {
				t.Errorf("page 2 by %s: %q", link, got)
			}
		}
		last := s.su.Get("/admin/catalog/book/?q=paged&o=-0&page=3")
		if got := rows(t, last.Body); strings.Join(got, "|") != "Paged 02|Paged 01|Paged 00" {
			t.Errorf("page 3: %q", got)
		}
		apptest.Status(t, s.su.Get("/admin/catalog/book/?q=paged&page=4"), http.StatusNotFound)
		apptest.Status(t, s.su.Get("/admin/catalog/book/?page=x"), http.StatusNotFound)
		apptest.Redirect(t, s.su.Get("/admin/catalog/book?q=x"), http.StatusMovedPermanently, "/admin/catalog/book/?q=x")
	})
}

func TestAdminListStatementsDoNotGrowWithRows(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		pages := []string{"/admin/", "/admin/catalog/book/", "/admin/catalog/book/?q=a&genre__id__exact=1&o=1.-2",
			"/admin/catalog/author/?o=-1", "/admin/catalog/genre/", "/admin/catalog/language/",
			"/admin/catalog/bookinstance/?o=3", "/admin/auth/user/", "/admin/auth/group/"}
		counter := apptest.CountStatements(t, s.db)
		measure := func() map[string]int64 {
			got := map[string]int64{}
			for _, p := range pages {
				before := counter.Load()
				apptest.Status(t, s.su.Get(p), http.StatusOK)
				got[p] = counter.Load() - before
			}
			return got
		}
		added := 0
		grow := func(n int) {
			for range n {
				i := added
				added++
				a := apptest.Author(t, s.db, "Many", fmt.Sprintf("Authors %d", i))
				g := apptest.Genre(t, s.db, fmt.Sprintf("A genre %d", i))
				l := apptest.Language(t, s.db, fmt.Sprintf("A language %d", i))
				b := apptest.Book(t, s.db, fmt.Sprintf("A book %d", i), a, &l, g, s.genre)
				bi := apptest.Copy(t, s.db, b, models.StatusOnLoan, apptest.Date(i))
				must(t, s.db.Model(&bi).Update("borrower_id", s.alice.ID).Error)
				apptest.User(t, s.db, fmt.Sprintf("reader%d", i), goodPassword)
				must(t, s.db.Create(&models.Group{Name: fmt.Sprintf("Group %d", i)}).Error)
				must(t, s.db.Exec("INSERT INTO auth_user_groups (user_id, group_id) SELECT id, ? FROM auth_user WHERE username = ?", s.night.ID, fmt.Sprintf("reader%d", i)).Error)
			}
		}
		few := measure()
		grow(10)
		ten := measure()
		grow(140)
		many := measure()
		for _, p := range pages {
			t.Run(p, func(t *testing.T) {
				if few[p] != ten[p] || ten[p] != many[p] {
					t.Errorf("%d statements with a few rows, %d with 10 more, %d with 150 more", few[p], ten[p], many[p])
				}
			})
		}
		t.Logf("statements per admin page: %v", many)
	})
}
