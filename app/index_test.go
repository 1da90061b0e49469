package app_test

import (
	"regexp"
	"strings"
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
		if r.Status != 200 {
			t.Fatalf("GET /catalog/: %d", r.Status)
		}
		for id, want := range map[string]string{
			"num-books": "7", "num-instances": "11", "num-instances-available": "5", "num-authors": "5", "num-genres": "3",
		} {
			if !strings.Contains(r.Body, `<span id="`+id+`">`+want+`</span>`) {
				t.Errorf("%s: want %s in page", id, want)
			}
		}
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
