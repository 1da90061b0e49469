package urls

import (
	"errors"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

func reverser(t *testing.T, register func(app *fiber.App)) *Reverser {
	t.Helper()
	app := fiber.New()
	register(app)
	r := New(app)
	if err := r.Load(); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReverse(t *testing.T) {
	ok := func(*fiber.Ctx) error { return nil }
	r := reverser(t, func(app *fiber.App) {
		app.Get("/", ok).Name("root")
		app.Get("/catalog/books/", ok).Name("books")
		app.Get("/catalog/book/:id", ok).Name("book-detail")
		app.Post("/catalog/book/:id/renew/", ok).Name("renew")
		app.Get("/reset/:uidb64/:token/", ok).Name("reset")
		app.Get("/unnamed/:x", ok)
	})
	id := uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10")
	tests := []struct {
		name string
		args []any
		want string
	}{
		{"root", nil, "/"},
		{"books", nil, "/catalog/books/"},
		{"book-detail", []any{int64(3)}, "/catalog/book/3"},
		{"book-detail", []any{42}, "/catalog/book/42"},
		{"renew", []any{id}, "/catalog/book/" + id.String() + "/renew/"},
		{"reset", []any{"MQ", "abc-123"}, "/reset/MQ/abc-123/"},
		{"reset", []any{"a/b", "c d"}, "/reset/a%2Fb/c%20d/"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got, err := r.Reverse(tt.name, tt.args...)
			if err != nil || got != tt.want {
				t.Errorf("Reverse(%q, %v) = %q, %v; want %q", tt.name, tt.args, got, err, tt.want)
			}
		})
	}
	refused := []struct {
		label string
		name  string
		args  []any
	}{
		{"unknown name", "nope", nil},
		{"unnamed route", "", []any{"x"}},
		{"missing argument", "book-detail", nil},
		{"one argument short", "reset", []any{"MQ"}},
		{"extra argument", "books", []any{1}},
		{"empty string", "book-detail", []any{""}},
		{"unsupported type", "book-detail", []any{1.5}},
		{"nil", "book-detail", []any{nil}},
	}
	for _, tt := range refused {
		t.Run(tt.label, func(t *testing.T) {
			if got, err := r.Reverse(tt.name, tt.args...); err == nil {
				t.Errorf("Reverse(%q, %v) = %q, want an error", tt.name, tt.args, got)
			}
		})
	}
	if _, err := r.Reverse("nope"); !errors.Is(err, ErrNoRoute) {
		t.Errorf("unknown name: %v, want ErrNoRoute", err)
	}
}

func TestLoadRefusesWhatCannotBeReversed(t *testing.T) {
	ok := func(*fiber.Ctx) error { return nil }
	for label, register := range map[string]func(app *fiber.App){
		"one name, two paths": func(app *fiber.App) {
			app.Get("/a/", ok).Name("x")
			app.Get("/b/", ok).Name("x")
		},
		"optional parameter": func(app *fiber.App) { app.Get("/a/:id?", ok).Name("x") },
		"wildcard":           func(app *fiber.App) { app.Get("/files/*", ok).Name("x") },
		"partial parameter":  func(app *fiber.App) { app.Get("/a/:from-:to", ok).Name("x") },
	} {
		t.Run(label, func(t *testing.T) {
			app := fiber.New()
			register(app)
			if err := New(app).Load(); err == nil {
				t.Error("Load accepted it")
			}
		})
	}
	if _, err := New(fiber.New()).Reverse("x"); err == nil {
		t.Error("Reverse before Load should fail")
	}
}
