// Package render parses LocalLibrary's templates once at start-up: the pages (.html, through the
// Fiber html engine) wrapped in the base layout, and the plain-text e-mails (.txt, with
// text/template: nothing is HTML-escaped in an e-mail body).
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"
	texttemplate "text/template"

	"github.com/gofiber/template/html/v2"

	"locallibrary/app/urls"
)

// Layout is the template every page is wrapped in.
const Layout = "layouts/base"

// Renderer executes the parsed template sets.
type Renderer struct {
	tmpl *template.Template
	text *texttemplate.Template
	bufs sync.Pool
}

// New parses every .html file of fsys with the Fiber html engine, and every .txt file with
// text/template, and fails on the first error. Templates build links with the url function,
// backed by urls. Templates are named by their path without the
// extension ("catalog/book_list", "registration/password_reset_email").
//
// Pages are executed from the parsed set directly rather than through engine.Render with a layout:
// that call swaps the layout's "embed" function under one global lock, which would serialise
// every page of the site.
func New(fsys fs.FS, urls *urls.Reverser) (*Renderer, error) {
	funcs := Funcs()
	funcs["url"] = urls.Reverse
	engine := html.NewFileSystem(http.FS(fsys), ".html")
	engine.AddFuncMap(funcs)
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if engine.Templates.Lookup(Layout) == nil {
		return nil, fmt.Errorf("templates: %s.html is missing", Layout)
	}
	text, err := parseText(fsys, funcs)
	if err != nil {
		return nil, err
	}
	return &Renderer{tmpl: engine.Templates, text: text, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}, nil
}

// parseText parses the .txt templates of fsys, named like the pages.
func parseText(fsys fs.FS, funcs template.FuncMap) (*texttemplate.Template, error) {
	set := texttemplate.New("").Funcs(texttemplate.FuncMap(funcs))
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".txt" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		_, err = set.New(strings.TrimSuffix(p, ".txt")).Parse(string(b))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	return set, nil
}

// Page renders template name with data, then the layout around it with data["content"] set to the
// result, and writes the whole page to w only if both succeeded.
func (r *Renderer) Page(w io.Writer, name string, data map[string]any) error {
	body := r.bufs.Get().(*bytes.Buffer)
	page := r.bufs.Get().(*bytes.Buffer)
	defer func() {
		body.Reset()
		page.Reset()
		r.bufs.Put(body)
		r.bufs.Put(page)
	}()
	t := r.tmpl.Lookup(name)
	if t == nil {
		return fmt.Errorf("render: template %s does not exist", name)
	}
	if err := t.Execute(body, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	// The body was produced by html/template, so it is already escaped.
	data["content"] = template.HTML(body.String())
	if err := r.tmpl.Lookup(Layout).Execute(page, data); err != nil {
		return fmt.Errorf("render %s: %w", Layout, err)
	}
	_, err := page.WriteTo(w)
	return err
}

// Text renders the plain-text template name (an e-mail body) with data.
func (r *Renderer) Text(name string, data map[string]any) (string, error) {
	t := r.text.Lookup(name)
	if t == nil {
		return "", fmt.Errorf("render: template %s does not exist", name)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return b.String(), nil
}
