package e2e

import (
	"html/template"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// fixtureForm is a page with one control of each kind the site's forms use, so that the form
// helpers are tried on all of them whatever pages the site has today.
var fixtureForm = template.Must(template.New("form").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title></head>
<body><nav><a href="/form">All books</a></nav><main>
<h1>{{ .Title }}</h1>
<form method="post" action="/form">
  <div><label for="name">Name:</label> <input id="name" name="name" value="{{ .Form.name }}"></div>
  <div><label for="born">Born:</label> <input type="date" id="born" name="born" value="{{ .Form.born }}"
    {{- with .Error }} aria-invalid="true" aria-describedby="born-error"{{ end }}>
    {{ with .Error }}<p id="born-error">{{ . }}</p>{{ end }}</div>
  <div><label for="language">Language:</label> <select id="language" name="language">
    <option value="">---------</option><option value="1">English</option><option value="2">French</option></select></div>
  <div><label for="genre">Genres:</label> <select id="genre" name="genre" multiple>
    <option value="1">Fantasy</option><option value="2">Science Fiction</option><option value="3">French Poetry</option></select></div>
  <div><input type="checkbox" id="available" name="available" value="1"> <label for="available">Available</label></div>
  <div><label for="summary">Summary:</label> <textarea id="summary" name="summary">{{ .Form.summary }}</textarea></div>
  <button type="submit">Save</button>
</form></main></body></html>`))

// fixtureSite serves the form: an empty date re-renders it (422) with the typed values kept,
// anything else says Saved.
func fixtureSite(t *testing.T) *site {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data := map[string]any{"Title": "Form fixture", "Form": map[string]string{}}
		if r.Method == http.MethodPost {
			_ = r.ParseForm()
			data["Form"] = map[string]string{"name": r.PostForm.Get("name"), "summary": r.PostForm.Get("summary")}
			if r.PostForm.Get("born") == "" {
				data["Error"] = "Enter a valid date."
				w.WriteHeader(http.StatusUnprocessableEntity)
			} else {
				data["Title"] = "Saved"
			}
		}
		_ = fixtureForm.Execute(w, data)
	}))
	t.Cleanup(srv.Close)
	return &site{URL: srv.URL, log: &syncBuffer{}}
}

// The helpers type, pick, tick and submit as a user does, and read back what the browser posted.
func TestHarnessForms(t *testing.T) {
	j := newJourney(t, "harness-forms", sharedBrowser(t), fixtureSite(t))
	j.Open("/form")
	j.Fill("Name", "old")
	j.Fill("Name", "María-José O'Brien")
	j.Choose("Language", "French")
	j.Choose("Genres", "Fantasy", "French Poetry")
	j.Check("Available")
	j.Uncheck("Available")
	j.Check("Available")
	j.Fill("Summary", "A summary.")
	j.ExpectChosen("Language", "French")
	j.ExpectChosen("Genres", "Fantasy", "French Poetry")
	j.ExpectChecked("Available")

	j.ExpectStatus(http.StatusUnprocessableEntity)
	j.Click("Save")
	j.ExpectFieldError("Born", "Enter a valid date.")
	j.ExpectValue("Name", "María-José O'Brien")
	j.ExpectValue("Summary", "A summary.")

	born := time.Date(1973, time.June, 6, 0, 0, 0, 0, time.Local)
	j.TypeDate("Born", born)
	j.Choose("Language", "French")
	j.Choose("Genres", "Fantasy", "French Poetry")
	j.Check("Available")
	j.Click("Save")
	j.ExpectHeading("Saved")
	for field, want := range map[string][]string{
		"name": {"María-José O'Brien"}, "born": {"1973-06-06"}, "language": {"2"},
		"genre": {"1", "3"}, "available": {"1"}, "summary": {"A summary."},
	} {
		if got := j.PostedAll(field); !slices.Equal(got, want) {
			t.Errorf("posted %s=%q, want %q", field, got, want)
		}
	}
}
