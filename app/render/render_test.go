package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"locallibrary/views"
)

func TestNewFailsOnBrokenTemplate(t *testing.T) {
	fsys := fstest.MapFS{
		"layouts/base.html":  {Data: []byte(`<main>{{ .content }}</main>`)},
		"catalog/index.html": {Data: []byte(`{{ if .x }}unclosed`)},
	}
	if _, err := New(fsys); err == nil || !strings.Contains(err.Error(), "catalog/index") {
		t.Fatalf("want a parse error naming the template, got %v", err)
	}
}

func TestNewNeedsLayout(t *testing.T) {
	if _, err := New(fstest.MapFS{"catalog/index.html": {Data: []byte(`hi`)}}); err == nil {
		t.Fatal("want an error without layouts/base.html")
	}
}

func TestPageEscapesAndWraps(t *testing.T) {
	r, err := New(views.FS)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	err = r.Page(&buf, "errors/error", map[string]any{"status": 418, "status_text": "Teapot", "detail": `<script>alert(1)</script>`})
	if err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(out, "<script>alert") {
		t.Errorf("data not escaped:\n%s", out)
	}
	if !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, "All books") {
		t.Errorf("page not wrapped in the layout:\n%s", out)
	}
	if err := r.Page(&buf, "no/such", map[string]any{}); err == nil {
		t.Error("an unknown template should be an error")
	}
}
