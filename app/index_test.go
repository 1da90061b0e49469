package app_test

import (
	"regexp"
	"testing"

	"locallibrary/app/apptest"
)

var visits = regexp.MustCompile(`You have visited this page (\d+) (time|times)\.`)

func visitLine(t *testing.T, body string) string {
	t.Helper()
	m := visits.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no visit counter in page:\n%s", body)
	}
	return m[1] + " " + m[2]
}

func TestIndexCountsAndVisits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		browser := apptest.NewClient(t, a)

		r := browser.Get("/catalog/")
		if !apptest.Status(t, r, 200) {
			t.FailNow()
		}
		apptest.Contains(t, r.Body, `<span id="num-books">7</span>`, `<span id="num-instances">11</span>`,
			`<span id="num-instances-available">5</span>`, `<span id="num-authors">5</span>`, `<span id="num-genres">3</span>`)
		if got := visitLine(t, r.Body); got != "1 time" {
			t.Errorf("first visit: %q, want 1 time", got)
		}
		for _, want := range []string{"2 times", "3 times"} {
			if got := visitLine(t, browser.Get("/catalog/").Body); got != want {
				t.Errorf("visit: %q, want %q", got, want)
			}
		}
		other := apptest.NewClient(t, a)
		if got := visitLine(t, other.Get("/catalog/").Body); got != "1 time" {
			t.Errorf("new browser: %q, want 1 time", got)
		}
	})
}
