package render_test

import (
	"bytes"
	"fmt"
	"testing"

	"locallibrary/app/render"
	"locallibrary/models"
)

// BenchmarkRender renders the home page and a book list page of ten books for an anonymous
// visitor, as the handlers do, without the database: the cost of the templates alone.
func BenchmarkRender(b *testing.B) {
	r := newRenderer(b)
	books := make([]models.Book, models.PerPage)
	for i := range books {
		books[i] = book
		books[i].ID, books[i].Title = int64(i+1), fmt.Sprintf("Foundation, part %d", i+1)
	}
	cases := []struct {
		name, page string
		data       map[string]any
	}{
		{"index", "catalog/index", pages["catalog/index"].data()},
		{"book_list", "catalog/book_list", map[string]any{"book_list": books, "page_obj": mustPage("2", 25)}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			c.data["user"], c.data["perms"], c.data["csrf_token"], c.data["path"] = (*models.User)(nil), models.Perms{}, "token~mac", "/catalog/"
			var buf bytes.Buffer
			b.ReportAllocs()
			for b.Loop() {
				buf.Reset()
				if err := r.Page(&buf, c.page, c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPluralize calls pluralize as the templates do.
func BenchmarkPluralize(b *testing.B) {
	cases := []struct {
		name  string
		value any
		arg   []string
	}{
		{"int", 3, nil},
		{"int64 one", int64(1), nil},
		{"suffix", 2, []string{"es"}},
		{"singular,plural", 2, []string{"y,ies"}},
		{"string", "1", nil},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				render.Pluralize(c.value, c.arg...)
			}
		})
	}
}
