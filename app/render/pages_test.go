package render_test

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/handlers"
	"locallibrary/app/render"
	"locallibrary/app/urls"
	"locallibrary/models"
	"locallibrary/routes"
	"locallibrary/views"
)

// siteRoutes is the reverser of the site's real route table.
func siteRoutes(t *testing.T) *urls.Reverser {
	t.Helper()
	f := fiber.New()
	h := &handlers.Handlers{URLs: urls.New(f)}
	routes.Health(f, h)
	routes.Register(f, h)
	if err := h.URLs.Load(); err != nil {
		t.Fatal(err)
	}
	return h.URLs
}

func newRenderer(t *testing.T) *render.Renderer {
	t.Helper()
	r, err := render.New(views.FS, siteRoutes(t))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// templateFiles lists the page and text templates under views/ by name.
func templateFiles(t *testing.T) (html, text []string) {
	t.Helper()
	err := fs.WalkDir(views.FS, ".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (p == "layouts" || p == "partials" || p == "static"):
			return fs.SkipDir
		case path.Ext(p) == ".html":
			html = append(html, strings.TrimSuffix(p, ".html"))
		case path.Ext(p) == ".txt":
			text = append(text, strings.TrimSuffix(p, ".txt"))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return html, text
}

func TestEveryTemplateHasSampleData(t *testing.T) {
	html, text := templateFiles(t)
	for _, set := range []struct {
		files   []string
		samples map[string]page
	}{{html, pages}, {text, texts}} {
		seen := map[string]bool{}
		for _, name := range set.files {
			seen[name] = true
			if _, ok := set.samples[name]; !ok {
				t.Errorf("views/%s has no sample data in this test: add it", name)
			}
		}
		for name := range set.samples {
			if !seen[name] {
				t.Errorf("sample data for %s, which is not a template under views/", name)
			}
		}
	}
}

// viewers are the visitors every page is rendered for, so both sides of each user and
// permission test run.
var viewers = []struct {
	name  string
	user  *models.User
	perms models.Perms
}{
	{"anonymous", nil, models.Perms{}},
	{"member", &member, models.NewPerms(false)},
	{"librarian", &libby, models.NewPerms(false, models.PermMarkReturned)},
	{"superuser", &libby, models.NewPerms(true)},
}

func TestEveryPageRenders(t *testing.T) {
	r := newRenderer(t)
	for name, p := range pages {
		for _, v := range viewers {
			t.Run(name+"/"+v.name, func(t *testing.T) {
				data := p.data()
				data["user"], data["perms"], data["csrf_token"], data["path"] = v.user, v.perms, "token~mac", "/catalog/"
				var buf bytes.Buffer
				if err := r.Page(&buf, name, data); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(buf.String(), p.want) {
					t.Errorf("missing %q in\n%s", p.want, buf.String())
				}
			})
		}
	}
}

func TestEveryTextRendersUnescaped(t *testing.T) {
	r := newRenderer(t)
	for name, p := range texts {
		t.Run(name, func(t *testing.T) {
			got, err := r.Text(name, p.data())
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got, p.want) {
				t.Errorf("missing %q in\n%s", p.want, got)
			}
			// The html engine only reads .html files: a text template is no page.
			if err := r.Page(&bytes.Buffer{}, name, map[string]any{}); err == nil {
				t.Errorf("%s was parsed as an HTML page too", name)
			}
		})
	}
}

func TestPageEscapesAndWraps(t *testing.T) {
	r := newRenderer(t)
	var buf bytes.Buffer
	err := r.Page(&buf, "errors/error", map[string]any{"status": 418, "status_text": "Teapot", "detail": `<script>alert(1)</script>`})
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

func TestBadLinksFailThePage(t *testing.T) {
	for name, tmpl := range map[string]string{
		"unknown name":       `{{ url "no-such-page" }}`,
		"missing argument":   `{{ url "book-detail" }}`,
		"extra argument":     `{{ url "books" 3 }}`,
		"unsupported type":   `{{ url "book-detail" 1.5 }}`,
		"unknown permission": `{{ if .perms.Can "borrow" "book" }}x{{ end }}`,
		"unknown perm model": `{{ if .perms.Can "add" "spaceship" }}x{{ end }}`,
	} {
		t.Run(name, func(t *testing.T) {
			fsys := map[string]string{"layouts/base.html": `{{ .content }}`, "catalog/page.html": tmpl}
			r, err := render.New(mapFS(fsys), siteRoutes(t))
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Page(&buf, "catalog/page", map[string]any{"perms": models.NewPerms(true)}); err == nil {
				t.Errorf("rendered %q without an error", buf.String())
			}
			if buf.Len() != 0 {
				t.Errorf("a failed page wrote %q", buf.String())
			}
		})
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, body := range files {
		m[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return m
}
