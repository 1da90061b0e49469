package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

func TestLibrarianCreatesAndEditsMembers(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		add := url.Values{"username": {"bob.reader"}, "first_name": {"Bob"}, "last_name": {"O'Reilly"}, "email": {"bob@example.com"}}
		t.Run("the password validators of createuser", func(t *testing.T) {
			for _, pw := range [][3]string{{"password", "password", "This password is too common."},
				{"12345678901", "12345678901", "This password is entirely numeric."},
				{"bob.reader1", "bob.reader1", "The password is too similar to the username."},
				{goodPassword, "something-else-9", forms.PasswordMismatch}} {
				add.Set("password1", pw[0])
				add.Set("password2", pw[1])
				r := s.lib.Post("/admin/auth/user/add/", add)
				apptest.Status(t, r, http.StatusUnprocessableEntity)
				apptest.Contains(t, r.Body, pw[2], `value="bob.reader"`, `value="O&#39;Reilly"`)
				apptest.Excludes(t, r.Body, `value="`+pw[0]+`"`)
			}
			add.Set("username", "libby")
			add.Set("password1", goodPassword)
			add.Set("password2", goodPassword)
			apptest.Contains(t, s.lib.Post("/admin/auth/user/add/", add).Body, forms.UsernameExists)
			add.Set("username", strings.Repeat("b", 151))
			r := s.lib.Post("/admin/auth/user/add/", add)
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, "Ensure this value has at most 150 characters (it has 151).")
			apptest.Excludes(t, r.Body, "Enter a valid username.")
			add.Set("username", "bob.reader")
		})
		t.Run("a member created can log in", func(t *testing.T) {
			id := location(t, s.lib.Post("/admin/auth/user/add/", add), "/admin/auth/user/")
			apptest.Contains(t, s.lib.Get("/admin/auth/user/"+id).Body, "The user “bob.reader” was added successfully.")
			var bob models.User
			must(t, s.db.Where("username = ?", "bob.reader").Take(&bob).Error)
			if bob.IsStaff || bob.IsSuperuser || !bob.IsActive || bob.LastName != "O'Reilly" || bob.Email != "bob@example.com" {
				t.Errorf("created %+v", bob)
			}
			c := apptest.NewClient(t, s.a)
			apptest.Redirect(t, c.Login("bob.reader", goodPassword), http.StatusFound, "/catalog/")
			apptest.Status(t, c.Get("/catalog/mybooks/"), http.StatusOK)
			s.checkLog(t, models.ContentUser, fmt.Sprint(bob.ID), "Added.")
		})
		t.Run("never flags, groups or staff accounts", func(t *testing.T) {
			member := adminPath("user", s.alice.ID, "change/")
			edit := url.Values{"first_name": {"Alice"}, "email": {"alice@example.com"}, "is_active": {"on"}}
			for _, extra := range []url.Values{{"is_staff": {"on"}}, {"is_superuser": {""}}, {"groups": {fmt.Sprint(s.librarians(t).ID)}}} {
				form := url.Values{}
				for k, v := range edit {
					form[k] = v
				}
				for k, v := range extra {
					form[k] = v
				}
				apptest.Status(t, s.lib.Post(member, form), http.StatusForbidden)
				add := url.Values{"username": {"sneaky"}, "password1": {goodPassword}, "password2": {goodPassword}}
				for k, v := range extra {
					add[k] = v
				}
				apptest.Status(t, s.lib.Post("/admin/auth/user/add/", add), http.StatusForbidden)
			}
			var alice models.User
			must(t, s.db.Take(&alice, s.alice.ID).Error)
			if alice.FirstName != "" || alice.IsStaff || s.count(t, &models.User{}, "username = ?", "sneaky") != 0 {
				t.Errorf("a refused post changed something: %+v", alice)
			}
			for _, p := range []string{adminPath("user", s.root.ID, "change/"), adminPath("user", s.libby.ID, "password/"), "/admin/auth/group/add/"} {
				apptest.Status(t, s.lib.Post(p, url.Values{"first_name": {"X"}, "new_password1": {goodPassword}, "new_password2": {goodPassword}, "name": {"X"}}),
					http.StatusForbidden)
			}
			page := s.lib.Get(member).Body
			apptest.Excludes(t, page, `name="is_staff"`, `name="is_superuser"`, `name="groups"`)
			apptest.Redirect(t, s.lib.Post(member, versioned(t, s.lib, member, edit)), http.StatusSeeOther, "/admin/auth/user/")
			s.checkLog(t, models.ContentUser, fmt.Sprint(s.alice.ID), "Changed First name.")
		})
		t.Run("not a member who holds permissions", func(t *testing.T) {
			holder := apptest.User(t, s.db, "holder", goodPassword, "Librarians")
			apptest.Status(t, s.lib.Get(adminPath("user", holder.ID, "change/")), http.StatusForbidden)
			apptest.Contains(t, s.lib.Get("/admin/auth/user/?q=holder").Body, `<th scope="row">holder</th>`)
		})
		t.Run("deactivation ends the member's sessions at once", func(t *testing.T) {
			apptest.Status(t, s.member.Get("/catalog/mybooks/"), http.StatusOK)
			p := adminPath("user", s.alice.ID, "change/")
			r := s.lib.Post(p, versioned(t, s.lib, p, url.Values{"first_name": {"Alice"}, "email": {"alice@example.com"}}))
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/auth/user/")
			apptest.Redirect(t, s.member.Get("/catalog/mybooks/"), http.StatusFound, "/accounts/login/?next=%2Fcatalog%2Fmybooks%2F")
			apptest.Contains(t, apptest.NewClient(t, s.a).Login("alice", goodPassword).Body, "didn&#39;t match")
			s.checkLog(t, models.ContentUser, fmt.Sprint(s.alice.ID), "Changed Active.")
			must(t, s.db.Model(&s.alice).Update("is_active", true).Error)
		})
		t.Run("a new password ends the member's sessions", func(t *testing.T) {
			c := apptest.NewClient(t, s.a)
			c.Login("alice", goodPassword)
			apptest.Status(t, c.Get("/catalog/mybooks/"), http.StatusOK)
			p := adminPath("user", s.alice.ID, "password/")
			r := s.lib.Post(p, url.Values{"new_password1": {"short"}, "new_password2": {"short"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, "This password is too short.")
			r = s.lib.Post(p, url.Values{"new_password1": {"amber-meadow-83"}, "new_password2": {"amber-meadow-83"}})
			apptest.Redirect(t, r, http.StatusSeeOther, adminPath("user", s.alice.ID, "change/"))
			apptest.Redirect(t, c.Get("/catalog/mybooks/"), http.StatusFound, "/accounts/login/?next=%2Fcatalog%2Fmybooks%2F")
			apptest.Redirect(t, apptest.NewClient(t, s.a).Login("alice", "amber-meadow-83"), http.StatusFound, "/catalog/")
			s.checkLog(t, models.ContentUser, fmt.Sprint(s.alice.ID), "Changed password.")
			apptest.Status(t, s.lib.Get("/admin/"), http.StatusOK)
		})
	})
}

func TestSuperuserManagesUsersAndGroups(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		self := adminPath("user", s.root.ID, "change/")
		t.Run("not their own superuser or staff status or account", func(t *testing.T) {
			r := s.su.Post(self, url.Values{"is_staff": {"on"}, "is_active": {"on"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.OwnSuperuser)
			r = s.su.Post(self, url.Values{"is_staff": {"on"}, "is_superuser": {"on"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.OwnActive)
			r = s.su.Post(self, url.Values{"is_superuser": {"on"}, "is_active": {"on"}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.OwnStaff)
			var root models.User
			must(t, s.db.Take(&root, s.root.ID).Error)
			if !root.IsSuperuser || !root.IsActive || !root.IsStaff {
				t.Errorf("root is now %+v", root)
			}
		})
		t.Run("their own password keeps their session", func(t *testing.T) {
			p := adminPath("user", s.root.ID, "password/")
			apptest.Redirect(t, s.su.Post(p, url.Values{"new_password1": {"amber-meadow-83"}, "new_password2": {"amber-meadow-83"}}), http.StatusSeeOther, self)
			apptest.Status(t, s.su.Get("/admin/"), http.StatusOK)
		})
		t.Run("groups with permissions", func(t *testing.T) {
			var viewBook, viewGenre models.Permission
			must(t, s.db.Where("codename = ?", "view_book").Take(&viewBook).Error)
			must(t, s.db.Where("codename = ?", "view_genre").Take(&viewGenre).Error)
			r := s.su.Post("/admin/auth/group/add/", url.Values{"name": {"Night shift"}, "permissions": {fmt.Sprint(viewBook.ID)}})
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.GroupExists)
			r = s.su.Post("/admin/auth/group/add/", url.Values{"name": {"Readers"}, "permissions": {fmt.Sprint(viewBook.ID), "999999"}})
			apptest.Contains(t, r.Body, "999999 is not one of the available choices")
			r = s.su.Post("/admin/auth/group/add/", url.Values{"name": {"Readers"}, "permissions": {fmt.Sprint(viewBook.ID)}, "_continue": {"1"}})
			id := location(t, r, "/admin/auth/group/")
			apptest.Contains(t, s.su.Get("/admin/auth/group/"+id).Body, "catalog.view_book: Can view book", `value="`+fmt.Sprint(viewBook.ID)+`" id="id_permissions_`+fmt.Sprint(viewBook.ID)+`" checked`)
			var readers models.Group
			must(t, s.db.Where("name = ?", "Readers").Take(&readers).Error)
			// A member made staff in Readers may view books in the admin, and nothing else.
			alice := adminPath("user", s.alice.ID, "change/")
			r = s.su.Post(alice, versioned(t, s.su, alice, url.Values{"is_active": {"on"}, "is_staff": {"on"}, "groups": {fmt.Sprint(readers.ID)}, "email": {"alice@example.com"}}))
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/auth/user/")
			s.member.Login("alice", goodPassword)
			apptest.Status(t, s.member.Get("/admin/catalog/book/"), http.StatusOK)
			apptest.Status(t, s.member.Get("/admin/catalog/genre/"), http.StatusForbidden)
			r = s.su.Post("/admin/auth/group/"+id, versioned(t, s.su, "/admin/auth/group/"+id, url.Values{"name": {"Readers"}, "permissions": {fmt.Sprint(viewBook.ID), fmt.Sprint(viewGenre.ID)}}))
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/auth/group/")
			apptest.Status(t, s.member.Get("/admin/catalog/genre/"), http.StatusOK)
			apptest.Contains(t, s.su.Get("/admin/auth/group/").Body, "<td>1</td>")
			apptest.Contains(t, s.su.Get(adminPath("group", readers.ID, "history/")).Body, "Changed Permissions.", "Added.")
			// A staff account is the superuser's only.
			apptest.Status(t, s.lib.Get(alice), http.StatusForbidden)
			apptest.Redirect(t, s.su.Post(adminPath("group", readers.ID, "delete/"), nil), http.StatusSeeOther, "/admin/auth/group/")
			apptest.Status(t, s.member.Get("/admin/catalog/book/"), http.StatusForbidden)
			if s.count(t, &models.User{}, "id = ?", s.alice.ID) != 1 {
				t.Error("deleting a group deleted its member")
			}
		})
		t.Run("a form saved after another admin's change is refused", func(t *testing.T) {
			var viewBook, viewGenre models.Permission
			must(t, s.db.Where("codename = ?", "view_book").Take(&viewBook).Error)
			must(t, s.db.Where("codename = ?", "view_genre").Take(&viewGenre).Error)
			r := s.su.Post("/admin/auth/group/add/", url.Values{"name": {"Weekend"}, "permissions": {fmt.Sprint(viewBook.ID), fmt.Sprint(viewGenre.ID)}})
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/auth/group/")
			var weekend models.Group
			must(t, s.db.Where("name = ?", "Weekend").Take(&weekend).Error)
			group := adminPath("group", weekend.ID, "change/")
			// A opens the form; B takes a permission away; A renames the group from the old form.
			stale := versioned(t, s.su, group, url.Values{"name": {"Weekend desk"}, "permissions": {fmt.Sprint(viewBook.ID), fmt.Sprint(viewGenre.ID)}})
			apptest.Redirect(t, s.su.Post(group, versioned(t, s.su, group, url.Values{"name": {"Weekend"}, "permissions": {fmt.Sprint(viewBook.ID)}})),
				http.StatusSeeOther, "/admin/auth/group/")
			r = s.su.Post(group, stale)
			apptest.Status(t, r, http.StatusConflict)
			apptest.Contains(t, r.Body, "This group was changed by someone else", "Weekend desk", `name="version" value="2"`)
			var perms int64
			must(t, s.db.Table("auth_group_permissions").Where("group_id = ?", weekend.ID).Count(&perms).Error)
			if must(t, s.db.Take(&weekend, weekend.ID).Error); weekend.Name != "Weekend" || perms != 1 {
				t.Errorf("the stale form saved: %q with %d permissions", weekend.Name, perms)
			}

			bob := apptest.User(t, s.db, "bob", goodPassword)
			account := adminPath("user", bob.ID, "change/")
			// A opens bob's form; B deactivates him; A's save of the old form would make him
			// active again.
			stale = versioned(t, s.su, account, url.Values{"first_name": {"Bob"}, "is_active": {"on"}, "email": {"bob@example.com"}})
			apptest.Redirect(t, s.su.Post(account, versioned(t, s.su, account, url.Values{"email": {"bob@example.com"}})), http.StatusSeeOther, "/admin/auth/user/")
			r = s.su.Post(account, stale)
			apptest.Status(t, r, http.StatusConflict)
			apptest.Contains(t, r.Body, "This account was changed by someone else", "Bob")
			if must(t, s.db.Take(&bob, bob.ID).Error); bob.IsActive || bob.FirstName != "" {
				t.Errorf("the stale form saved: active %v, first name %q", bob.IsActive, bob.FirstName)
			}
			// Made again from the form shown, the change goes through.
			apptest.Redirect(t, s.su.Post(account, versioned(t, s.su, account, url.Values{"first_name": {"Bob"}, "is_active": {"on"}, "email": {"bob@example.com"}})),
				http.StatusSeeOther, "/admin/auth/user/")
		})
	})
}

// formVersion matches the version a change form was opened at.
var formVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

// versioned is form with the version of the object the change form at path shows now, as a
// browser submitting that form sends it.
func versioned(t *testing.T, c *apptest.Client, path string, form url.Values) url.Values {
	t.Helper()
	m := formVersion.FindStringSubmatch(c.Get(path).Body)
	if m == nil {
		t.Fatalf("%s has no version field", path)
	}
	out := url.Values{"version": {m[1]}}
	for k, v := range form {
		out[k] = v
	}
	return out
}
