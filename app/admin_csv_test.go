package app_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/forms"
	"locallibrary/models"
)

// records parses a CSV response.
func records(t *testing.T, r apptest.Response) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("%s: not CSV: %v\n%s", r.Path, err, r.Body)
	}
	return recs
}

func TestAdminCSVExport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newShelves(t, dialect)
		hostile := apptest.Book(t, s.db, "Commas, \"quotes\"\nand lines", s.asimov, &s.french, s.scifi)
		r := s.lib.Get("/admin/catalog/book/export.csv?genre__id__exact=" + fmt.Sprint(s.scifi.ID))
		apptest.Status(t, r, http.StatusOK)
		if ct, cd := r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(cd, `attachment; filename="books.csv"`) {
			t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
		}
		recs := records(t, r)
		if len(recs) != 3 || strings.Join(recs[0], ",") != "title,author,summary,isbn,language,genres" {
			t.Fatalf("exported %q", recs)
		}
		titles := []string{recs[1][0], recs[2][0]}
		if !strings.Contains(strings.Join(titles, "|"), "Foundation") || !strings.Contains(strings.Join(titles, "|"), hostile.Title) {
			t.Errorf("exported titles %q", titles)
		}
		// The list's search narrows the file as it narrows the list, and the list links to it.
		list := s.lib.Get("/admin/catalog/book/?q=earthsea&o=1").Body
		apptest.Contains(t, list, `href="/admin/catalog/book/export.csv?o=1&amp;q=earthsea"`)
		recs = records(t, s.lib.Get("/admin/catalog/book/export.csv?o=1&q=earthsea"))
		if len(recs) != 2 || recs[1][0] != "A Wizard of Earthsea" || recs[1][1] != "Le Guin, Ursula" {
			t.Errorf("exported %q", recs)
		}
		recs = records(t, s.lib.Get("/admin/catalog/bookinstance/export.csv?status__exact=o&q=alice"))
		if len(recs) != 2 || recs[1][0] != s.overdue.ID.String() || recs[1][5] != "alice" {
			t.Errorf("exported copies %q", recs)
		}
		apptest.Status(t, s.lib.Get("/admin/catalog/book/export.csv?genre__id__exact=x"), http.StatusBadRequest)
		apptest.Status(t, s.member.Get("/admin/catalog/book/export.csv"), http.StatusForbidden)
		apptest.Redirect(t, s.anon.Get("/admin/catalog/bookinstance/export.csv"), http.StatusFound,
			"/accounts/login/?next="+url.QueryEscape("/admin/catalog/bookinstance/export.csv"))
	})
}

const importHeader = "title,author,summary,isbn,language,genres\n"

func TestAdminCSVImport(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		page := "/admin/catalog/book/import/"
		apptest.Contains(t, s.lib.Get("/admin/catalog/book/").Body, `<a class="btn btn-sm btn-outline-secondary" href="/admin/catalog/book/import/">Import CSV</a>`)
		apptest.Contains(t, s.lib.Get(page).Body, `enctype="multipart/form-data"`, `name="file"`)
		books := func() int64 { return s.count(t, &models.Book{}, "") }
		uploads := func() int64 { return s.count(t, &models.Upload{}, "") }
		t.Run("a bad row imports nothing and is named", func(t *testing.T) {
			file := importHeader + "The Tombs of Atuan,\"Le Guin, Ursula\",Tenar.,9780689845369,English,Fantasy\n" +
				"Bad,\"Le Guin, Ursula\",x,9780689845360,English,Fantasy\n"
			r := s.lib.PostFile(page, url.Values{}, "file", "bad.csv", []byte(file))
			apptest.Status(t, r, http.StatusUnprocessableEntity)
			apptest.Contains(t, r.Body, "row 3: isbn: This ISBN&#39;s check digit is wrong", "The Tombs of Atuan", "nothing was imported")
			apptest.Excludes(t, r.Body, `name="upload"`)
			if books() != 2 || uploads() != 0 {
				t.Error("a bad file wrote something")
			}
		})
		t.Run("preview, then import", func(t *testing.T) {
			file := importHeader + "The Tombs of Atuan,\"Le Guin, Ursula\",Tenar.,9780689845369,English,Fantasy; Young adult\n" +
				"\"Dune, \"\"the\"\" novel\",\"Herbert, Frank\",Spice.,9780441172719,English,Science Fiction\n"
			r := s.lib.PostFile(page, url.Values{}, "file", "books.csv", []byte(file))
			apptest.Status(t, r, http.StatusOK)
			apptest.Contains(t, r.Body, "2 rows checked, nothing written yet", "2 books added", "1 new author", "2 new genres",
				"Dune, &#34;the&#34; novel", `name="upload"`)
			if books() != 2 || uploads() != 1 {
				t.Fatal("the preview wrote books, or kept no upload")
			}
			id := strings.Split(strings.Split(r.Body, `name="upload" value="`)[1], `"`)[0]
			// Another user cannot import it, nor anyone once it has expired.
			apptest.Contains(t, s.su.Post(page, url.Values{"upload": {id}}).Body, "This upload has expired or was imported already")
			apptest.Redirect(t, s.lib.Post(page, url.Values{"upload": {id}}), http.StatusSeeOther, "/admin/catalog/book/")
			apptest.Contains(t, s.lib.Get("/admin/catalog/book/").Body, "Imported books.csv: 2 books added, 0 books changed")
			if books() != 4 || uploads() != 0 {
				t.Errorf("%d books and %d uploads after the import", books(), uploads())
			}
			apptest.Status(t, s.lib.Post(page, url.Values{"upload": {id}}), http.StatusUnprocessableEntity)
			if books() != 4 {
				t.Error("a second confirmation imported again")
			}
		})
		t.Run("uploads expire", func(t *testing.T) {
			file := importHeader + "The Farthest Shore,\"Le Guin, Ursula\",Arren.,9780689845345,English,Fantasy\n"
			r := s.lib.PostFile(page, url.Values{}, "file", "late.csv", []byte(file))
			id := strings.Split(strings.Split(r.Body, `name="upload" value="`)[1], `"`)[0]
			must(t, s.db.Model(&models.Upload{}).Where("1 = 1").Update("expires_at", time.Now().Add(-time.Minute).UTC()).Error)
			apptest.Status(t, s.lib.Post(page, url.Values{"upload": {id}}), http.StatusUnprocessableEntity)
			// The next upload purges it.
			s.lib.PostFile(page, url.Values{}, "file", "late.csv", []byte(file))
			if n := s.count(t, &models.Upload{}, "id = ?", id); n != 0 {
				t.Error("the expired upload is still stored")
			}
		})
		t.Run("bad files", func(t *testing.T) {
			before := books()
			for name, data := range map[string][]byte{
				"no file":       nil,
				"not UTF-8":     []byte(importHeader + "T\xff\xfe,\"Le Guin, Ursula\",s,9780689845345,English,Fantasy\n"),
				"semicolons":    []byte("title;author;summary;isbn;language;genres\nT;A;s;9780689845345;English;Fantasy\n"),
				"wide":          []byte(strings.Repeat("x,", 10000) + "x\n"),
				"not a CSV":     {0x89, 'P', 'N', 'G', 0, 0, 0},
				"quote unended": []byte(importHeader + "\"T,A,s,9780689845345,English,Fantasy\n"),
			} {
				t.Run(name, func(t *testing.T) {
					if data == nil {
						r := s.lib.Post(page, url.Values{})
						apptest.Status(t, r, http.StatusUnprocessableEntity)
						apptest.Contains(t, r.Body, forms.Required)
						return
					}
					r := s.lib.PostFile(page, url.Values{}, "file", name+".csv", data)
					apptest.Status(t, r, http.StatusUnprocessableEntity)
					apptest.Contains(t, r.Body, `<ul class="import-errors text-danger"><li>row `)
				})
			}
			if books() != before {
				t.Error("a bad file wrote books")
			}
		})
		t.Run("who may import", func(t *testing.T) {
			file := []byte(importHeader)
			apptest.Status(t, s.member.PostFile(page, url.Values{}, "file", "x.csv", file), http.StatusForbidden)
			apptest.Status(t, s.member.Get(page), http.StatusForbidden)
			r := s.lib.PostForm(page, url.Values{"upload": {"00000000-0000-0000-0000-000000000000"}})
			apptest.Status(t, r, http.StatusForbidden)
		})
	})
}

func TestUploadSizeLimits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		s := newSite(t, dialect)
		addr := apptest.Serve(t, s.a)
		post := func(path string, length int) string {
			return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" +
				fmt.Sprintf("Content-Length: %d\r\n\r\n", length) + "abc"
		}
		// Every page but the upload takes at most 4 MB, the upload 51 MB: more is refused before
		// the body is read.
		for _, tt := range []struct {
			path   string
			length int
		}{{"/admin/catalog/genre/add/", 4<<20 + 1}, {"/admin/catalog/book/import/?x=1", forms.MaxUploadRequest + 1}} {
			if got := apptest.Raw(t, addr, []byte(post(tt.path, tt.length))); got != http.StatusRequestEntityTooLarge {
				t.Errorf("%d bytes to %s: status %d, want 413", tt.length, tt.path, got)
			}
		}
		// Within the limit, the upload page says what is wrong with the file.
		big := []byte(strings.Repeat("a", 5<<20))
		r := s.lib.PostFile("/admin/catalog/book/import/", url.Values{}, "file", "big.csv", big)
		apptest.Status(t, r, http.StatusUnprocessableEntity)
		huge := make([]byte, forms.MaxUpload+1)
		r = s.lib.PostFile("/admin/catalog/book/import/", url.Values{}, "file", "huge.csv", huge)
		apptest.Status(t, r, http.StatusRequestEntityTooLarge)
		apptest.Contains(t, r.Body, forms.UploadTooLarge)
		if s.count(t, &models.Upload{}, "") != 0 {
			t.Error("a refused upload was kept")
		}
	})
}
