package apptest

import (
	"strings"
	"testing"
)

// The checks below report a failure with t.Errorf and go on, so one run lists every problem;
// each returns whether it passed, for the callers that cannot go on without it.

// Status checks the response's status code.
func Status(t testing.TB, r Response, want int) bool {
	t.Helper()
	if r.Status != want {
		t.Errorf("%s %s: status %d, want %d\n%s", r.Method, r.Path, r.Status, want, Main(r.Body))
		return false
	}
	return true
}

// Redirect checks the response redirects with status to location.
func Redirect(t testing.TB, r Response, status int, location string) bool {
	t.Helper()
	if got := r.Header.Get("Location"); r.Status != status || got != location {
		t.Errorf("%s %s: %d to %q, want %d to %q", r.Method, r.Path, r.Status, got, status, location)
		return false
	}
	return true
}

// Contains checks that body holds every one of want.
func Contains(t testing.TB, body string, want ...string) bool {
	t.Helper()
	ok := true
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("missing %q in\n%s", w, Main(body))
			ok = false
		}
	}
	return ok
}

// Excludes checks that body holds none of unwanted.
func Excludes(t testing.TB, body string, unwanted ...string) bool {
	t.Helper()
	ok := true
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("unwanted %q in\n%s", u, Main(body))
			ok = false
		}
	}
	return ok
}

// InOrder checks that body holds parts, each after the one before.
func InOrder(t testing.TB, body string, parts ...string) bool {
	t.Helper()
	pos := -1
	for _, p := range parts {
		i := strings.Index(body, p)
		if i < 0 || i < pos {
			t.Errorf("want %q in order in\n%s", parts, Main(body))
			return false
		}
		pos = i
	}
	return true
}
