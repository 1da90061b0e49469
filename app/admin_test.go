package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

// site is the shelf with a superuser and a group besides, for the admin pages.
type site struct {
	*shelf
	root  models.User
	su    *apptest.Client
	night models.Group
}

func newSite(t *testing.T, dialect string) *site {
	t.Helper()
	s := &site{shelf: newShelf(t, dialect)}
	s.root = apptest.Superuser(t, s.db, "root", goodPassword)
	s.su = apptest.NewClient(t, s.a)
	s.su.Login("root", goodPassword)
	s.night = models.Group{Name: "Night shift"}
	if err := s.db.Create(&s.night).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func adminPath(model string, id any, view string) string {
	app := "catalog"
	if model == "user" || model == "group" {
		app = "auth"
	}
	if id == nil {
		return "/admin/" + app + "/" + model + "/" + view
	}
	return fmt.Sprintf("/admin/%s/%s/%v/%s", app, model, id, view)
}

// access is who may open a page: the librarian (a staff member of Librarians) or only superusers.
type access struct {
	path      string
	librarian bool
}

// adminPages lists every admin page of the site's rows, with whether a librarian may open it.
func (s *site) adminPages() []access {
	pages := []access{{"/admin/", true}}
	rows := map[string]any{"author": s.lonely.ID, "book": s.bare.ID, "bookinstance": s.copy.ID, "genre": s.unusedGenre.ID,
		"language": s.unusedLang.ID, "group": s.night.ID}
	for _, model := range []string{"author", "book", "bookinstance", "genre", "language", "group"} {
		lib := model != "group"
		id := rows[model]
		pages = append(pages, access{adminPath(model, nil, ""), lib}, access{adminPath(model, nil, "add/"), lib},
			access{adminPath(model, id, "change/"), lib}, access{adminPath(model, id, "delete/"), lib},
			access{adminPath(model, id, "history/"), lib})
	}
	for _, u := range []struct {
		id  int64
		lib bool
	}{{s.alice.ID, true}, {s.libby.ID, false}, {s.root.ID, false}} {
		pages = append(pages, access{adminPath("user", u.id, "change/"), u.lib}, access{adminPath("user", u.id, "password/"), u.lib},
			access{adminPath("user", u.id, "history/"), u.lib})
	}
	return append(pages, access{"/admin/auth/user/", true}, access{"/admin/auth/user/add/", true})
}

func TestAdminAccess(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		for _, p := range s.adminPages() {
			t.Run(p.path, func(t *testing.T) {
				apptest.Redirect(t, s.anon.Get(p.path), http.StatusFound, "/accounts/login/?next="+url.QueryEscape(p.path))
				apptest.Status(t, s.member.Get(p.path), http.StatusForbidden)
				want := http.StatusForbidden
				if p.librarian {
					want = http.StatusOK
				}
				apptest.Status(t, s.lib.Get(p.path), want)
				apptest.Status(t, s.su.Get(p.path), http.StatusOK)
			})
		}
		t.Run("no user deletes", func(t *testing.T) {
			apptest.Status(t, s.su.Get(adminPath("user", s.alice.ID, "delete/")), http.StatusNotFound)
		})
		t.Run("bad ids", func(t *testing.T) {
			for _, p := range []string{adminPath("book", "abc", "change/"), adminPath("book", 999999, "change/"),
				adminPath("bookinstance", "not-a-uuid", "change/"), adminPath("bookinstance", "6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10", "delete/"),
				adminPath("user", 999999, "password/"), adminPath("group", "-1", "history/"), adminPath("author", 0, "change/")} {
				apptest.Status(t, s.su.Get(p), http.StatusNotFound)
			}
		})
		t.Run("sidebar", func(t *testing.T) {
			apptest.Contains(t, s.lib.Get("/catalog/").Body, `<a href="/admin/">Admin</a>`)
			apptest.Excludes(t, s.member.Get("/catalog/").Body, `<a href="/admin/">Admin</a>`)
		})
	})
}
