package forms

import (
	"net/url"
	"testing"

	"github.com/google/uuid"

	"locallibrary/models"
)

func TestChangeListLinks(t *testing.T) {
	q, _ := url.ParseQuery("q=earth&o=1.-0&genre__id__exact=3&page=2")
	cl := ChangeList{Q: "earth", query: q, Columns: models.BookColumns, Sort: models.ParseOrdering(q.Get("o"), models.BookColumns)}
	h := cl.Headers()
	tests := []struct{ name, got, want string }{
		{"title sorts first, toggled", h[0].URL, "?genre__id__exact=3&o=0.1&q=earth"},
		{"title leaves the ordering", h[0].RemoveURL, "?genre__id__exact=3&o=1&q=earth"},
		{"author, first ascending, turns descending", h[1].URL, "?genre__id__exact=3&o=-1.-0&q=earth"},
		{"language comes first", h[2].URL, "?genre__id__exact=3&o=2.1.-0&q=earth"},
		{"copies do not sort", h[4].URL, ""},
		{"the list without its page", cl.QueryString(), "?genre__id__exact=3&o=1.-0&q=earth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
	if !h[1].Sorted || h[1].Desc || h[1].Priority != 1 || !h[0].Sorted || !h[0].Desc || h[0].Priority != 2 {
		t.Errorf("sort marks: %+v", h[:2])
	}
	f := cl.BookFilters([]models.Option{{ID: 3, Label: "Fantasy"}, {ID: 4, Label: "Horror"}}, nil)[0]
	if f.Choices[0].Selected || !f.Choices[1].Selected || f.Choices[0].URL != "?o=1.-0&q=earth" ||
		f.Choices[2].URL != "?genre__id__exact=4&o=1.-0&q=earth" {
		t.Errorf("genre filter: %+v", f.Choices)
	}
	for _, bad := range []string{"genre__id__exact=x", "language__id__exact=0", "author__id__exact=99999999999999999999"} {
		q, _ := url.ParseQuery(bad)
		if _, err := (ChangeList{query: q}).BookFilter(); err != ErrBadFilter {
			t.Errorf("%s: %v, want ErrBadFilter", bad, err)
		}
	}
}

func TestCopyFormsetRows(t *testing.T) {
	book := models.Book{ID: 9, Title: "Foundation"}
	id := uuid.New()
	stored := map[uuid.UUID]models.BookInstance{id: {ID: id, BookID: 9, Imprint: "Gnome", Status: models.StatusAvailable, Version: 3}}
	row := func(id, imprint, status, due, borrower string, del bool) CopyRow {
		return CopyRow{ID: id, Delete: del, Form: BookInstance{Book: "9", Imprint: imprint, Status: status, DueBack: due, Borrower: borrower, Version: "3"}}
	}
	fs := CopyFormset{Errors: Errors{}, Rows: []CopyRow{
		row(id.String(), "Gnome", "a", "", "", false),          // unchanged: nothing
		row("", "", "d", "", "", false),                        // blank: nothing
		row("", "", "a", "", "", false),                        // a status alone is a copy without an imprint
		row(uuid.NewString(), "Elsewhere", "a", "", "", false), // not this book's
	}}
	for i := range fs.Rows {
		fs.Rows[i].Row = i
	}
	if fs.Validate(stored) {
		t.Fatal("the formset validated")
	}
	if fs.Rows[0].Form.Errors.Any() || fs.Rows[1].Form.Errors.Any() || !fs.Rows[2].Form.Errors.Has("imprint") ||
		len(fs.Rows[3].Form.Errors.NonField()) == 0 {
		t.Errorf("row errors: %v %v %v %v", fs.Rows[0].Form.Errors, fs.Rows[1].Form.Errors, fs.Rows[2].Form.Errors, fs.Rows[3].Form.Errors)
	}
	fs.Rows = fs.Rows[:2]
	if !fs.Validate(stored) || len(fs.Edits(book, stored, nil)) != 0 {
		t.Error("an unchanged and a blank row should save nothing")
	}
}
