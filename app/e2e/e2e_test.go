// Package e2e drives the real LocalLibrary binary in headless Chromium, as a user would: it builds
// the command, migrates and seeds a database of its own for each journey, serves it on a loopback
// port and clicks through the pages. It imports none of the site's packages, so that it tests
// what users see whatever the code looks like inside.
//
// Without Chromium the journeys skip, unless LOCALLIBRARY_REQUIRE_E2E=1 (CI), which turns a
// missing or unstartable browser into a failure. They run on PostgreSQL when TEST_DATABASE_URL is
// set, on a SQLite file otherwise.
//
// A journey reads as what its user does and sees; elements are found by their visible text,
// labels and roles, never by class names or ids:
//
//	func TestJourneyCatalog(t *testing.T) {
//		j := start(t, "e-catalog") // its own seeded site, a browser context with no cookies
//		j.Open("/catalog/")
//		j.Click("Login")
//		j.LogIn("librarian", j.site.Passwords["librarian"])
//		j.Click("Create author")
//		j.CheckA11y()
//		j.Fill("First name", "Ursula")
//		j.TypeDate("Date of birth", born)
//		j.ExpectStatus(422) // the form comes back with its errors
//		j.Click("Submit")
//		j.ExpectFieldError("Date of death", "...")
//		j.ExpectValue("First name", "Ursula")
//		j.Choose("Genre", "Fantasy", "Science Fiction") // or j.Check("Fantasy") for checkboxes
//		j.Screenshot("author-form")
//	}
//
// Every page load (Open, Click, PressEnter, Back, Reload) also checks the page: its HTTP status,
// no console error or CSP violation, a title of its own, one h1, a label on every form control,
// and a layout that fits 1280×800 and a 375×740 phone (see landed).
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// defaultChromium is where Debian's chromium package installs the browser.
const defaultChromium = "/usr/bin/chromium"

// shared holds what every journey reuses: the binary and the browser, each made once.
var shared struct {
	buildOnce sync.Once
	binary    string
	buildErr  error

	browserOnce sync.Once
	browser     *browser
	browserErr  error

	tmp string
}

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "locallibrary-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	shared.tmp = tmp
	code := m.Run()
	if shared.browser != nil {
		shared.browser.close()
	}
	os.RemoveAll(tmp)
	os.Exit(code)
}

// required reports whether a missing browser must fail the run rather than skip it.
func required() bool { return os.Getenv("LOCALLIBRARY_REQUIRE_E2E") == "1" }

// chromiumPath is the browser to drive: $CHROMIUM, or Debian's /usr/bin/chromium.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return defaultChromium
}

// unavailable skips the test, or fails it when the browser tests are required.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if required() {
		t.Fatalf("browser tests required (LOCALLIBRARY_REQUIRE_E2E=1): %s", msg)
	}
	t.Skipf("skipping the browser tests: %s (install it with `apt-get install chromium`, or set CHROMIUM; "+
		"LOCALLIBRARY_REQUIRE_E2E=1 makes this a failure)", msg)
}

// sharedBrowser returns the one Chromium of this run, starting it on first use.
func sharedBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath()
	if _, err := exec.LookPath(path); err != nil {
		unavailable(t, "%s not found", path)
	}
	shared.browserOnce.Do(func() {
		shared.browser, shared.browserErr = startBrowser(path, filepath.Join(shared.tmp, "chromium-profile"))
	})
	if shared.browserErr != nil {
		unavailable(t, "%s does not start: %v", path, shared.browserErr)
	}
	return shared.browser
}

// sharedBinary builds the locallibrary command once, from the repository root.
func sharedBinary(t *testing.T) string {
	t.Helper()
	shared.buildOnce.Do(func() {
		root, err := repoRoot()
		if err != nil {
			shared.buildErr = err
			return
		}
		bin := filepath.Join(shared.tmp, "locallibrary")
		cmd := exec.Command("go", "build", "-o", bin, ".")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			shared.buildErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		shared.binary = bin
	})
	if shared.buildErr != nil {
		t.Fatal(shared.buildErr)
	}
	return shared.binary
}

// repoRoot is the nearest folder above the working directory that holds go.mod.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// start gives a journey its own freshly seeded site and a browser tab with fresh cookies.
func start(t *testing.T, name string) *journey {
	t.Helper()
	b := sharedBrowser(t)
	site := startSite(t, sharedBinary(t))
	return newJourney(t, name, b, site)
}
