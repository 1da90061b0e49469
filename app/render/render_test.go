package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/urls"
)

func TestNewFailsOnBrokenTemplate(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":  {Data: []byte(`<main>{{ .content }}</main>`)},
		"catalog/index.html": {Data: []byte(`{{ if .x }}unclosed`)},
	}
	if _, err := New(fsys, noRoutes(t)); err == nil || !strings.Contains(err.Error(), "catalog/index") {
		t.Fatalf("want a parse error naming the template, got %v", err)
	}
}

func TestNewNeedsLayout(t *testing.T) {
	if _, err := New(fstest.MapFS{"catalog/index.html": {Data: []byte(`hi`)}}, noRoutes(t)); err == nil {
		t.Fatal("want an error without layouts/base.html")
	}
}

// noRoutes is a reverser with an empty route table, for template sets that build no links.
func noRoutes(t *testing.T) *urls.Reverser {
	t.Helper()
	r := urls.New(fiber.New())
	if err := r.Load(); err != nil {
		t.Fatal(err)
	}
	return r
}
