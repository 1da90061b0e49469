package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

// TestAdminCopySearch searches the admin's copy list by each thing a copy is found by — its
// book's title, author and genre, its imprint, its borrower and its id — alone and with a filter,
// in the list's order (the rows compared sorted by title) and sorted by a joined column.
func TestAdminCopySearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelves(t, dialect)
		must(t, s.db.Model(&s.today).Update("imprint", "Gnome Press, 1951").Error)
		tests := []struct {
			path string
			want []string
		}{
			{"/admin/catalog/bookinstance/?q=WIND", []string{"The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?q=asimov", []string{"Foundation", "Foundation"}},
			{"/admin/catalog/bookinstance/?q=fantasy", []string{"A Wizard of Earthsea", "The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?q=gnome+press", []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?q=imprint+of", []string{"Foundation", "A Wizard of Earthsea", "The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?q=ALIC", []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?q=" + s.today.ID.String(), []string{"Foundation"}},
			{"/admin/catalog/bookinstance/?q=imprint&status__exact=d", []string{"The Name of the Wind"}},
			{"/admin/catalog/bookinstance/?q=foundation&due_back__isnull=True", nil},
			{"/admin/catalog/bookinstance/?q=o&o=-0", []string{"The Name of the Wind", "Foundation", "Foundation", "A Wizard of Earthsea"}},
			{"/admin/catalog/bookinstance/?q=nowhere", nil},
			{"/admin/catalog/bookinstance/?q=%25", nil},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				r := s.su.Get(tt.path)
				if !apptest.Status(t, r, http.StatusOK) {
					return
				}
				got := rows(t, r.Body)
				if !strings.Contains(tt.path, "o=") {
					// Copies without a due date come in the order of their random ids.
					slices.Sort(got)
					tt.want = slices.Sorted(slices.Values(tt.want))
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("rows %q, want %q", got, tt.want)
				}
				found := fmt.Sprintf("%d copies found", len(tt.want))
				if len(tt.want) == 1 {
					found = "1 copy found"
				}
				apptest.Contains(t, r.Body, found)
			})
		}
	})
}

// TestAdminCopySearchScales searches the copies of a few thousand books: a text in a few copies
// is found through the indexes (the book search's, the copies' book and borrower indexes, and on
// PostgreSQL the imprints' trigram index), never by reading every copy; a text in most copies
// is counted up to the cap and paged by walking the list's order.
func TestAdminCopySearchScales(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		must(t, seed.Synthetic(context.Background(), a.DB, 3000, io.Discard))
		db := a.DB.Gorm
		apptest.Superuser(t, db, "root", goodPassword)
		zoe := apptest.User(t, db, "zoe", goodPassword)
		var lent, printed models.BookInstance
		must(t, db.Where("imprint LIKE 'Synthetic%'").Order("id").Take(&lent).Error)
		must(t, db.Where("imprint LIKE 'Synthetic%' AND id <> ?", lent.ID).Order("id").Take(&printed).Error)
		must(t, db.Model(&lent).Updates(map[string]any{"borrower_id": zoe.ID, "status": models.StatusOnLoan, "due_back": models.Today()}).Error)
		must(t, db.Model(&printed).Update("imprint", "Zanzibar Editions").Error)
		c := apptest.NewClient(t, a)
		c.Login("root", goodPassword)
		rec := apptest.RecordStatements(t, db)

		searchIndex := map[string]string{apptest.Postgres: "catalog_book_search_trgm", apptest.SQLite: "catalog_book_fts"}[dialect]
		searches := []struct{ q, index, first string }{
			{"Volume+1234", searchIndex, "3 copies found"},
			{"zoe", "catalog_bookinstance_borrower", "1 copy found"},
			{lent.ID.String(), "catalog_bookinstance", "1 copy found"},
		}
		if dialect == apptest.Postgres {
			searches = append(searches, struct{ q, index, first string }{"zanzibar", "catalog_bookinstance_imprint_trgm", "1 copy found"})
		}
		for _, s := range searches {
			t.Run(s.q, func(t *testing.T) {
				// SQLite has no index for a text inside an imprint: it reads the copies.
				imprints := map[string]string{apptest.SQLite: "bookinstance"}[dialect]
				stmts := checkPlansExcept(t, c, a.DB, rec, "/admin/catalog/bookinstance/?q="+s.q, s.index, imprints)
				if len(stmts) > 5 {
					t.Errorf("%d statements", len(stmts))
				}
				apptest.Contains(t, c.Get("/admin/catalog/bookinstance/?q="+s.q).Body, s.first)
			})
		}
		t.Run("in most copies", func(t *testing.T) {
			r := c.Get("/admin/catalog/bookinstance/?q=synthetic&page=last")
			apptest.Status(t, r, http.StatusOK)
			apptest.Contains(t, r.Body, fmt.Sprintf("Page %d of %d.", models.AdminCap/models.PerPage, models.AdminCap/models.PerPage))
		})
	})
}
