// Package render parses LocalLibrary's templates once at start-up and renders pages into a buffer,
// wrapped in the base layout.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"sync"

	"github.com/gofiber/template/html/v2"
)

// Layout is the template every page is wrapped in.
const Layout = "layouts/base"

// Renderer executes the parsed template set.
type Renderer struct {
	tmpl *template.Template
	bufs sync.Pool
}

// New parses every .html file of fsys with the Fiber html engine and fails on the first error.
//
// Pages are executed from the parsed set directly rather than through engine.Render with a layout:
// that call swaps the layout's "embed" function under one global lock, which would serialise
// every page of the site.
func New(fsys fs.FS) (*Renderer, error) {
	engine := html.NewFileSystem(http.FS(fsys), ".html")
	engine.AddFuncMap(Funcs())
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if engine.Templates.Lookup(Layout) == nil {
		return nil, fmt.Errorf("templates: %s.html is missing", Layout)
	}
	return &Renderer{tmpl: engine.Templates, bufs: sync.Pool{New: func() any { return new(bytes.Buffer) }}}, nil
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

// Names lists every page template (for tests that render them all).
func (r *Renderer) Names() []string {
	var names []string
	for _, t := range r.tmpl.Templates() {
		if t.Tree != nil && t.Name() != "" {
			names = append(names, t.Name())
		}
	}
	return names
}
