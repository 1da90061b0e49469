package routes_test

import (
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"locallibrary/app/handlers"
	"locallibrary/app/urls"
	"locallibrary/routes"
)

// TestDjangoNames checks every route keeps its Django URL name and path.
func TestDjangoNames(t *testing.T) {
	f := fiber.New()
	h := &handlers.Handlers{URLs: urls.New(f)}
	routes.Health(f, h)
	routes.Register(f, h)
	if err := h.URLs.Load(); err != nil {
		t.Fatal(err)
	}
	id := uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10")
	tests := []struct {
		name string
		args []any
		want string
	}{
		{"index", nil, "/catalog/"},
		{"books", nil, "/catalog/books/"},
		{"book-detail", []any{int64(3)}, "/catalog/book/3"},
		{"authors", nil, "/catalog/authors/"},
		{"author-detail", []any{int64(3)}, "/catalog/author/3"},
		{"genres", nil, "/catalog/genres/"},
		{"genre-detail", []any{int64(3)}, "/catalog/genre/3"},
		{"languages", nil, "/catalog/languages/"},
		{"language-detail", []any{int64(3)}, "/catalog/language/3"},
		{"bookinstances", nil, "/catalog/bookinstances/"},
		{"bookinstance-detail", []any{id}, "/catalog/bookinstance/" + id.String()},
		{"search", nil, "/catalog/search/"},
		{"my-borrowed", nil, "/catalog/mybooks/"},
		{"my-loans", nil, "/catalog/loans/"},
		{"user-loans", []any{int64(7)}, "/catalog/user/7/loans/"},
		{"all-borrowed", nil, "/catalog/borrowed/"},
		{"stats", nil, "/catalog/stats/"},
		{"renew-book-librarian", []any{id}, "/catalog/book/" + id.String() + "/renew/"},
		{"bookinstance-checkout", []any{id}, "/catalog/bookinstance/" + id.String() + "/checkout/"},
		{"bookinstance-checkin", []any{id}, "/catalog/bookinstance/" + id.String() + "/checkin/"},
		{"author-create", nil, "/catalog/author/create/"},
		{"author-update", []any{int64(3)}, "/catalog/author/3/update/"},
		{"author-delete", []any{int64(3)}, "/catalog/author/3/delete/"},
		{"book-create", nil, "/catalog/book/create/"},
		{"book-update", []any{int64(3)}, "/catalog/book/3/update/"},
		{"book-delete", []any{int64(3)}, "/catalog/book/3/delete/"},
		{"genre-create", nil, "/catalog/genre/create/"},
		{"genre-update", []any{int64(3)}, "/catalog/genre/3/update/"},
		{"genre-delete", []any{int64(3)}, "/catalog/genre/3/delete/"},
		{"language-create", nil, "/catalog/language/create/"},
		{"language-update", []any{int64(3)}, "/catalog/language/3/update/"},
		{"language-delete", []any{int64(3)}, "/catalog/language/3/delete/"},
		{"bookinstance-create", nil, "/catalog/bookinstance/create/"},
		{"bookinstance-update", []any{id}, "/catalog/bookinstance/" + id.String() + "/update/"},
		{"bookinstance-delete", []any{id}, "/catalog/bookinstance/" + id.String() + "/delete/"},
		{"login", nil, "/accounts/login/"},
		{"logout", nil, "/accounts/logout/"},
		{"password_change", nil, "/accounts/password_change/"},
		{"password_change_done", nil, "/accounts/password_change/done/"},
		{"password_reset", nil, "/accounts/password_reset/"},
		{"password_reset_done", nil, "/accounts/password_reset/done/"},
		{"password_reset_confirm", []any{"MQ", "abc-123"}, "/accounts/reset/MQ/abc-123/"},
		{"password_reset_complete", nil, "/accounts/reset/done/"},
		{"healthz", nil, "/healthz"},
		{"readyz", nil, "/readyz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := h.URLs.Reverse(tt.name, tt.args...)
			if err != nil || got != tt.want {
				t.Errorf("%s: %q, %v; want %q", tt.name, got, err, tt.want)
			}
		})
	}
}
