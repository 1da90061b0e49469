package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/app/handlers"
	"locallibrary/models"
)

func TestAdminCatalogForms(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		t.Run("invalid author kept with its messages", func(t *testing.T) {
			r := s.lib.Post("/admin/catalog/author/add/", url.Values{"first_name": {"Seán"}, "last_name": {"O'Brien"},
				"date_of_birth": {"1950-01-01"}, "date_of_death": {"1940-01-01"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.DeathBeforeBirth, `value="Seán"`, `value="O&#39;Brien"`, `value="1940-01-01"`)
		})
		t.Run("author added, changed, shown in its history", func(t *testing.T) {
			r := s.lib.Post("/admin/catalog/author/add/", url.Values{"first_name": {"Mary Ann"}, "last_name": {"Evans"}, "_continue": {"1"}})
			id := location(t, r, "/admin/catalog/author/")
			page := s.lib.Get("/admin/catalog/author/" + id).Body
			apptest.Contains(t, page, "The author “Evans, Mary Ann” was added successfully. You may edit it again below.", `name="version" value="1"`)
			r = s.lib.Post("/admin/catalog/author/"+id, url.Values{"first_name": {"Mary Ann"}, "last_name": {"Evans"},
				"date_of_death": {"1880-12-22"}, "version": {"1"}})
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/author/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/author/").Body, "The author “Evans, Mary Ann” was changed successfully.")
			history := s.lib.Get("/admin/catalog/author/" + id[:len(id)-len("change/")] + "history/").Body
			apptest.InOrder(t, history, "Change history: Evans, Mary Ann", "<td>libby</td><td>Changed Died.</td>", "<td>libby</td><td>Added.</td>")
			// The same change again is stale now.
			r = s.lib.Post("/admin/catalog/author/"+id, url.Values{"first_name": {"M."}, "last_name": {"Evans"}, "version": {"1"}})
			apptest.Status(t, r, http.StatusConflict)
			apptest.Contains(t, r.Body, "was changed by someone else", `name="version" value="2"`, "M.")
			// A history longer than a page says that it shows only the latest changes.
			if strings.Contains(history, "latest changes") {
				t.Error("a short history says it is cut")
			}
			for v := 2; v < handlers.HistoryShown+2; v++ {
				r = s.lib.Post("/admin/catalog/author/"+id, url.Values{"first_name": {"Mary Ann"}, "last_name": {"Evans"}, "version": {strconv.Itoa(v)}})
				apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/author/")
			}
			history = s.lib.Get("/admin/catalog/author/" + id[:len(id)-len("change/")] + "history/").Body
			apptest.Contains(t, history, fmt.Sprintf("The %d latest changes; older ones are not shown.", handlers.HistoryShown))
			if n := strings.Count(history, "<tr><th scope=\"row\">"); n != handlers.HistoryShown {
				t.Errorf("%d entries shown, want %d", n, handlers.HistoryShown)
			}
		})
		t.Run("genre names stay unique ignoring case", func(t *testing.T) {
			r := s.lib.Post("/admin/catalog/genre/add/", url.Values{"name": {"FANTASY"}, "_addanother": {"1"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.GenreExists, `value="FANTASY"`)
			r = s.lib.Post("/admin/catalog/language/add/", url.Values{"name": {"Gàidhlig"}, "_addanother": {"1"}})
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/language/add/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/language/add/").Body, "You may add another language below.")
		})
		t.Run("copy rules of the catalog form", func(t *testing.T) {
			r := s.lib.Post("/admin/catalog/bookinstance/add/", url.Values{"book": {fmt.Sprint(s.book.ID)}, "imprint": {"X"}, "status": {"o"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.LoanNeedsBorrower, forms.LoanNeedsDueDate)
			r = s.lib.Post(adminPath("bookinstance", s.copy.ID, "change/"), url.Values{"book": {fmt.Sprint(s.book.ID)}, "imprint": {"Reprint"},
				"status": {"d"}, "version": {"1"}})
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/bookinstance/")
			s.checkLog(t, models.ContentBookInstance, s.copy.ID.String(), "Changed Imprint and Status.")
		})
		t.Run("protected delete lists what stops it and deletes nothing", func(t *testing.T) {
			p := adminPath("author", s.author.ID, "delete/")
			apptest.Contains(t, s.lib.Get(p).Body, "would require deleting", fmt.Sprintf(`<a href="/admin/catalog/book/?author__id__exact=%d">2 books</a>`, s.author.ID))
			apptest.Status(t, s.lib.Post(p, nil), http.StatusConflict)
			if s.count(t, &models.Author{}, "id = ?", s.author.ID) != 1 {
				t.Error("the author was deleted")
			}
			p = adminPath("author", s.lonely.ID, "delete/")
			apptest.Contains(t, s.lib.Get(p).Body, "Are you sure you want to delete the author “Wrote, Nobody”?")
			apptest.Redirect(t, s.lib.Post(p, nil), http.StatusSeeOther, "/admin/catalog/author/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/author/").Body, "The author “Wrote, Nobody” was deleted successfully.")
			s.checkLog(t, models.ContentAuthor, fmt.Sprint(s.lonely.ID), "Deleted.")
		})
		t.Run("the author page lists their books", func(t *testing.T) {
			apptest.Contains(t, s.lib.Get(adminPath("author", s.author.ID, "change/")).Body,
				fmt.Sprintf(`<a href="/admin/catalog/book/%d/change/">A Wizard of Earthsea</a>`, s.book.ID))
		})
		t.Run("recent actions", func(t *testing.T) {
			apptest.Contains(t, s.lib.Get("/admin/").Body, "Recent actions", `<a href="/admin/catalog/author/`, "Evans, Mary Ann", "By libby")
		})
		t.Run("recent actions only of models one may view", func(t *testing.T) {
			p := adminPath("group", s.night.ID, "change/")
			r := s.su.Post(p, versioned(t, s.su, p, url.Values{"name": {"Night owls"}}))
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/auth/group/")
			apptest.Contains(t, s.su.Get("/admin/").Body, "Night owls", `<a href="/admin/auth/group/`)
			apptest.Excludes(t, s.lib.Get("/admin/").Body, "Night owls", "auth.group", `href="/admin/auth/group/`)
			apptest.Contains(t, s.lib.Get("/admin/").Body, "Evans, Mary Ann")
		})
		t.Run("posts need the CSRF token", func(t *testing.T) {
			r := s.su.PostForm("/admin/catalog/genre/add/", url.Values{"name": {"Forged"}})
			apptest.Status(t, r, http.StatusForbidden)
			if s.count(t, &models.Genre{}, "name = ?", "Forged") != 0 {
				t.Error("a forged post created a genre")
			}
		})
	})
}

func TestAdminBulkActions(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelves(t, dialect)
		list := "/admin/catalog/bookinstance/?status__exact=o"
		t.Run("mark copies available, leaving those on loan", func(t *testing.T) {
			picked := url.Values{"action": {"mark_available"}, "_selected_action": {s.overdue.ID.String(), s.free.ID.String(), s.copy.ID.String()}}
			r := s.lib.Post(list, picked)
			apptest.Status(t, r, http.StatusOK)
			apptest.InOrder(t, r.Body, "Are you sure you want to mark these copies as Available?", s.free.ID.String(),
				"These copies are on loan and stay as they are", s.overdue.ID.String())
			apptest.Contains(t, r.Body, `action="/admin/catalog/bookinstance/?status__exact=o"`)
			if s.count(t, &models.BookInstance{}, "status = ?", models.StatusAvailable) != 1 {
				t.Fatal("the confirmation page changed something")
			}
			picked.Set("post", "yes")
			apptest.Redirect(t, s.lib.Post(list, picked), http.StatusSeeOther, list)
			apptest.Contains(t, s.lib.Get(list).Body, "1 copy marked as Available.")
			if s.count(t, &models.BookInstance{}, "status = ?", models.StatusAvailable) != 2 ||
				s.count(t, &models.BookInstance{}, "id = ? AND status = ?", s.overdue.ID, models.StatusOnLoan) != 1 {
				t.Error("statuses after the action are wrong")
			}
			s.checkLog(t, models.ContentBookInstance, s.free.ID.String(), "Changed Status.")
		})
		t.Run("protected bulk delete deletes nothing", func(t *testing.T) {
			picked := url.Values{"action": {"delete_selected"}, "_selected_action": {fmt.Sprint(s.book.ID), fmt.Sprint(s.bare.ID)}}
			r := s.lib.Post("/admin/catalog/book/", picked)
			apptest.Contains(t, r.Body, "would require deleting the following protected related objects",
				fmt.Sprintf(`A Wizard of Earthsea: <a href="/admin/catalog/bookinstance/?book__id__exact=%d">1 copy</a>`, s.book.ID))
			apptest.Excludes(t, r.Body, `name="post"`)
			picked.Set("post", "yes")
			apptest.Status(t, s.lib.Post("/admin/catalog/book/", picked), http.StatusOK)
			if s.count(t, &models.Book{}, "id IN ?", []int64{s.book.ID, s.bare.ID}) != 2 {
				t.Error("a protected bulk delete deleted books")
			}
		})
		t.Run("bulk delete", func(t *testing.T) {
			picked := url.Values{"action": {"delete_selected"}, "_selected_action": {fmt.Sprint(s.unusedGenre.ID), "999999", "x"}}
			apptest.Contains(t, s.lib.Post("/admin/catalog/genre/", picked).Body, "All of the following will be deleted:", "Westerns")
			picked.Set("post", "yes")
			apptest.Redirect(t, s.lib.Post("/admin/catalog/genre/", picked), http.StatusSeeOther, "/admin/catalog/genre/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/genre/").Body, "Successfully deleted 1 genre.")
			if s.count(t, &models.Genre{}, "id = ?", s.unusedGenre.ID) != 0 {
				t.Error("the genre is still there")
			}
		})
		t.Run("nothing chosen", func(t *testing.T) {
			apptest.Redirect(t, s.lib.Post("/admin/catalog/book/?q=x", url.Values{"action": {"delete_selected"}}), http.StatusSeeOther, "/admin/catalog/book/?q=x")
			apptest.Contains(t, s.lib.Get("/admin/catalog/book/?q=x").Body, forms.NoItemsSelected)
			r := s.lib.Post("/admin/catalog/book/", url.Values{"action": {"drop_tables"}, "_selected_action": {fmt.Sprint(s.bare.ID)}})
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/book/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/book/").Body, forms.NoActionSelected)
		})
		t.Run("actions need their permission", func(t *testing.T) {
			viewer := apptest.User(t, s.db, "viewer", goodPassword)
			must(t, s.db.Model(&viewer).Update("is_staff", true).Error)
			must(t, s.db.Exec(`INSERT INTO auth_user_user_permissions (user_id, permission_id)
				SELECT ?, id FROM auth_permission WHERE codename IN ('view_book', 'view_group')`, viewer.ID).Error)
			c := apptest.NewClient(t, s.a)
			c.Login("viewer", goodPassword)
			page := c.Get("/admin/catalog/book/").Body
			apptest.Contains(t, page, "Select book to view", "<th scope=\"row\">The Lathe of Heaven</th>")
			apptest.Excludes(t, page, "delete_selected", "Add book")
			picked := url.Values{"action": {"delete_selected"}, "_selected_action": {fmt.Sprint(s.bare.ID)}, "post": {"yes"}}
			apptest.Redirect(t, c.Post("/admin/catalog/book/", picked), http.StatusSeeOther, "/admin/catalog/book/")
			apptest.Status(t, c.Post("/admin/catalog/genre/", picked), http.StatusForbidden)
			apptest.Status(t, s.member.Post("/admin/catalog/book/", picked), http.StatusForbidden)
			apptest.Status(t, s.lib.Post("/admin/auth/group/", url.Values{"action": {"delete_selected"}, "_selected_action": {fmt.Sprint(s.night.ID)}, "post": {"yes"}}),
				http.StatusForbidden)
			if s.count(t, &models.Book{}, "id = ?", s.bare.ID) != 1 || s.count(t, &models.Group{}, "id = ?", s.night.ID) != 1 {
				t.Error("an action ran without its permission")
			}
		})
	})
}
