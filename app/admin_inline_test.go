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
	"locallibrary/models"
)

// bookForm is the admin's book page as submitted: the book's fields and its copies' rows.
type bookForm struct {
	values url.Values
	rows   int
}

func (s *site) bookForm(b models.Book, version int) *bookForm {
	return &bookForm{values: url.Values{"title": {b.Title}, "author": {fmt.Sprint(b.AuthorID)}, "summary": {"Summary of " + b.Title},
		"isbn": {b.ISBN}, "language": {fmt.Sprint(s.lang.ID)}, "genre": {fmt.Sprint(s.genre.ID)}, "version": {strconv.Itoa(version)}}}
}

// copy adds a row: id "" for a new copy.
func (f *bookForm) copy(id, version, imprint, status, due, borrower string, del bool) *bookForm {
	p := fmt.Sprintf("bookinstance_set-%d-", f.rows)
	f.rows++
	f.values.Set(p+"id", id)
	f.values.Set(p+"version", version)
	f.values.Set(p+"imprint", imprint)
	f.values.Set(p+"status", status)
	f.values.Set(p+"due_back", due)
	f.values.Set(p+"borrower", borrower)
	if del {
		f.values.Set(p+"DELETE", "on")
	}
	return f
}

func (f *bookForm) form() url.Values {
	f.values.Set("bookinstance_set-TOTAL_FORMS", strconv.Itoa(f.rows))
	return f.values
}

// snapshot is what a failed save must leave as it was: the book's copies and the change log.
func (s *site) snapshot(t *testing.T, bookID int64) string {
	t.Helper()
	var copies []models.BookInstance
	must(t, s.db.Where("book_id = ?", bookID).Order("id").Find(&copies).Error)
	var b models.Book
	must(t, s.db.Take(&b, bookID).Error)
	out := fmt.Sprintf("%s v%d log=%d", b.Title, b.Version, s.count(t, &models.LogEntry{}, ""))
	for _, bi := range copies {
		out += fmt.Sprintf("|%s %s %s v%d", bi.ID, bi.Imprint, bi.Status, bi.Version)
	}
	return out
}

func TestAdminInlineCopies(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		page := adminPath("book", s.book.ID, "change/")
		other := apptest.Copy(t, s.db, s.bare, models.StatusAvailable, nil)
		due := models.Today().AddDays(14).String()
		kept := s.copy.ID.String()

		failures := []struct {
			name   string
			form   *bookForm
			status int
			want   []string
		}{
			{"a bad new copy", s.bookForm(s.book, 1).copy(kept, "1", "Changed", "a", "", "", false).
				copy("", "", "New", "o", "", "", false), http.StatusUnprocessableEntity,
				[]string{forms.LoanNeedsBorrower, `name="bookinstance_set-0-imprint" id="id_bookinstance_set-0-imprint" value="Changed"`}},
			{"an unknown borrower", s.bookForm(s.book, 1).copy("", "", "New", "o", due, "nobody", false), http.StatusUnprocessableEntity,
				[]string{forms.UnknownBorrowerMsg, `value="nobody"`}},
			{"a stale copy", s.bookForm(s.book, 1).copy(kept, "7", "Changed", "d", "", "", false), http.StatusConflict,
				[]string{"This copy was changed by someone else", "Your values, not saved:", "Changed"}},
			{"another book's copy", s.bookForm(s.book, 1).copy(other.ID.String(), "1", "Stolen", "a", "", "", false), http.StatusUnprocessableEntity,
				[]string{forms.InvalidChoice}},
			{"a copy twice", s.bookForm(s.book, 1).copy(kept, "1", "A", "a", "", "", false).copy(kept, "1", "B", "a", "", "", false),
				http.StatusUnprocessableEntity, []string{forms.InvalidChoice}},
			{"a bad book", s.bookForm(models.Book{Title: "", AuthorID: s.author.ID, ISBN: "123"}, 1).copy("", "", "New", "a", "", "", false),
				http.StatusUnprocessableEntity, []string{forms.Required, forms.ISBNInvalid, `value="New"`}},
			{"a stale book", s.bookForm(models.Book{Title: "Retitled", AuthorID: s.author.ID, ISBN: s.book.ISBN}, 9).
				copy("", "", "New", "a", "", "", false), http.StatusConflict,
				[]string{"This book was changed by someone else"}},
			{"no management form", &bookForm{values: s.bookForm(s.book, 1).values, rows: -1}, http.StatusUnprocessableEntity,
				[]string{forms.CopyFormsetBroken}},
			{"too many rows", &bookForm{values: s.bookForm(s.book, 1).values, rows: 5000}, http.StatusUnprocessableEntity,
				[]string{forms.TooManyRows}},
		}
		for _, tt := range failures {
			t.Run(tt.name, func(t *testing.T) {
				before := s.snapshot(t, s.book.ID)
				r := s.lib.Post(page, tt.form.form())
				apptest.Status(t, r, tt.status)
				apptest.Contains(t, r.Body, tt.want...)
				if after := s.snapshot(t, s.book.ID); after != before {
					t.Errorf("saved something:\n%s\n%s", before, after)
				}
			})
		}

		t.Run("a missing borrower is not also unknown", func(t *testing.T) {
			r := s.lib.Post(page, s.bookForm(s.book, 1).copy("", "", "New", "o", due, "", false).form())
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, forms.LoanNeedsBorrower)
			apptest.Excludes(t, r.Body, forms.UnknownBorrowerMsg)
		})
		t.Run("a copy on loan cannot be deleted", func(t *testing.T) {
			lent := apptest.Copy(t, s.db, s.book, models.StatusOnLoan, apptest.Date(5))
			must(t, s.db.Model(&lent).Update("borrower_id", s.alice.ID).Error)
			before := s.snapshot(t, s.book.ID)
			f := s.bookForm(s.book, 1).copy(kept, "1", "Changed first", "a", "", "", false).copy(lent.ID.String(), "1", lent.Imprint, "o", "", "", true)
			r := s.lib.Post(page, f.form())
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, strings.ReplaceAll(forms.CopyOnLoanDelete, "'", "&#39;"))
			if after := s.snapshot(t, s.book.ID); after != before {
				t.Errorf("saved something:\n%s\n%s", before, after)
			}
			must(t, s.db.Delete(&models.BookInstance{}, "id = ?", lent.ID).Error)
		})

		t.Run("everything saved together", func(t *testing.T) {
			doomed := apptest.Copy(t, s.db, s.book, models.StatusMaintenance, nil)
			f := s.bookForm(s.book, 1)
			f.values.Set("title", "A Wizard of Earthsea (1968)")
			f.copy(kept, "1", "Parnassus, 1968", "o", due, "ALICE", false).
				copy(doomed.ID.String(), "1", doomed.Imprint, "d", "", "", true).
				copy("", "", "Puffin, 1971", "a", "", "", false).
				copy("", "", "", "d", "", "", false)
			r := s.lib.Post(page, f.form())
			apptest.Redirect(t, r, http.StatusSeeOther, "/admin/catalog/book/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/book/").Body, "The book “A Wizard of Earthsea (1968)” was changed successfully.")
			var copies []models.BookInstance
			must(t, s.db.Where("book_id = ?", s.book.ID).Order("imprint").Find(&copies).Error)
			if len(copies) != 2 || copies[0].Imprint != "Parnassus, 1968" || copies[0].Status != models.StatusOnLoan ||
				copies[0].BorrowerID == nil || *copies[0].BorrowerID != s.alice.ID || copies[1].Imprint != "Puffin, 1971" {
				t.Fatalf("copies after the save: %+v", copies)
			}
			var loans int64
			s.db.Model(&models.Loan{}).Where("bookinstance_id = ? AND returned_at IS NULL", s.copy.ID).Count(&loans)
			if loans != 1 {
				t.Errorf("%d open loans of the copy lent on the book's page, want 1", loans)
			}
			history := s.lib.Get(adminPath("book", s.book.ID, "history/")).Body
			apptest.Contains(t, history, "Changed Title.")
			apptest.Contains(t, s.lib.Get(adminPath("bookinstance", s.copy.ID, "history/")).Body, "Changed Imprint, Status, Due back and Borrower.")
			// Unchanged rows save nothing.
			before := s.snapshot(t, s.book.ID)
			f = s.bookForm(s.book, 2)
			f.values.Set("title", "A Wizard of Earthsea (1968)")
			f.copy(kept, "2", "Parnassus, 1968", "o", due, "alice", false).copy(copies[1].ID.String(), "1", "Puffin, 1971", "a", "", "", false)
			apptest.Redirect(t, s.lib.Post(page, f.form()), http.StatusSeeOther, "/admin/catalog/book/")
			if after := s.snapshot(t, s.book.ID); after != before {
				t.Errorf("an unchanged page saved something:\n%s\n%s", before, after)
			}
		})

		t.Run("a new book with its copies", func(t *testing.T) {
			f := s.bookForm(models.Book{Title: "The Tombs of Atuan", AuthorID: s.author.ID, ISBN: "9780689845369"}, 0).
				copy("", "", "Atheneum, 1971", "a", "", "", false).copy("", "", "Bantam, 1975", "d", "", "", false)
			f.values.Set("_continue", "1")
			r := s.lib.Post("/admin/catalog/book/add/", f.form())
			id := location(t, r, "/admin/catalog/book/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/book/"+id).Body, "Atheneum, 1971", "Bantam, 1975", "was added successfully")
			var b models.Book
			must(t, s.db.Where("isbn = ?", "9780689845369").Take(&b).Error)
			if n := s.count(t, &models.BookInstance{}, "book_id = ?", b.ID); n != 2 {
				t.Errorf("%d copies of the new book, want 2", n)
			}
			// A bad copy keeps the new book from being saved too.
			f = s.bookForm(models.Book{Title: "The Farthest Shore", AuthorID: s.author.ID, ISBN: "9780689845345"}, 0).
				copy("", "", "", "a", "", "", false)
			apptest.Status(t, s.lib.Post("/admin/catalog/book/add/", f.form()), http.StatusUnprocessableEntity)
			if s.count(t, &models.Book{}, "isbn = ?", "9780689845345") != 0 {
				t.Error("the book was saved without its copies")
			}
		})
	})
}
