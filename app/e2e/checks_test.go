package e2e

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// viewport is a window size the pages are checked and photographed at.
type viewport struct {
	name          string
	width, height int64
	mobile        bool
}

var (
	desktop = viewport{"desktop", 1280, 800, false}
	phone   = viewport{"phone", 375, 740, true}
)

func setViewport(v viewport) chromedp.Action[chromedp.Void] {
	if v.mobile {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// landed runs the checks every page must pass, once it has loaded: the status it answered with,
// a clean console, a unique title, one h1, labelled form controls and a layout that fits both
// a desktop and a phone.
func (j *journey) landed(what string, resp *network.Response) {
	j.t.Helper()
	allow := j.allow
	j.allow = 0
	status := 0
	if resp != nil {
		status = int(resp.Status)
	}
	if status != allow && (status < 200 || status > 299) {
		j.t.Errorf("%s: %s answered %d", j.where(), what, status)
	}
	j.checkConsole(allow)
	j.checkPage()
	j.checkLayout(phone)
	j.checkLayout(desktop)
}

// checkConsole fails on any console error, uncaught exception or CSP violation since the last
// check. The browser logs a page that answered an error status as a failed load: that one is
// expected when the journey said so.
func (j *journey) checkConsole(allow int) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	msgs, err := j.console.flush(ctx, &j.read)
	if err != nil {
		j.t.Fatalf("%s: %v", j.where(), err)
	}
	for _, m := range msgs {
		if !problem(m) {
			continue
		}
		if allow != 0 && m.Source == "network" && strings.Contains(m.Text, fmt.Sprintf("status of %d", allow)) {
			continue
		}
		j.t.Errorf("%s: browser console: %s", j.where(), describeMessage(m))
	}
}

// pageFacts are what checkPage reads off a page.
type pageFacts struct {
	Title      string   `json:"title"`
	Path       string   `json:"path"`
	H1         []string `json:"h1"`
	Unlabelled []string `json:"unlabelled"`
}

// checkPage: a title of its own, exactly one h1, and a label for every form control.
func (j *journey) checkPage() {
	j.t.Helper()
	f := eval[pageFacts](j, js(`({
  title: document.title,
  path: location.pathname,
  h1: [...document.querySelectorAll('h1')].map(h => norm(h.innerText)),
  unlabelled: [...document.querySelectorAll('input, select, textarea')]
    .filter(e => !['hidden', 'submit', 'button', 'reset', 'image'].includes(e.type))
    .filter(e => !(e.labels && [...e.labels].some(l => norm(l.innerText))) &&
      !norm(e.getAttribute('aria-label')) && !e.getAttribute('aria-labelledby'))
    .map(e => e.outerHTML.slice(0, 120)),
})`))
	switch {
	case strings.TrimSpace(f.Title) == "":
		j.t.Errorf("%s: the page has no title", j.where())
	case j.titles[f.Title] != "" && j.titles[f.Title] != f.Path:
		j.t.Errorf("%s: title %q is also the title of %s", j.where(), f.Title, j.titles[f.Title])
	default:
		j.titles[f.Title] = f.Path
	}
	if len(f.H1) != 1 {
		j.t.Errorf("%s: want exactly one h1, found %d: %q", j.where(), len(f.H1), f.H1)
	}
	for _, e := range f.Unlabelled {
		j.t.Errorf("%s: form control without a label: %s", j.where(), e)
	}
}

// layoutFacts are what checkLayout reads off a page.
type layoutFacts struct {
	ScrollWidth float64  `json:"scrollWidth"`
	ClientWidth float64  `json:"clientWidth"`
	Nav         *box     `json:"nav"`
	Main        *box     `json:"main"`
	Wide        []string `json:"wide"`
	Viewport    string   `json:"viewport"` // the content of the viewport meta tag
}

type box struct{ X, Y, W, H float64 }

func (b box) String() string { return fmt.Sprintf("%.0f×%.0f at (%.0f, %.0f)", b.W, b.H, b.X, b.Y) }

// overlaps reports whether two boxes share more than a pixel of area.
func (b box) overlaps(o box) bool {
	w := min(b.X+b.W, o.X+o.W) - max(b.X, o.X)
	h := min(b.Y+b.H, o.Y+o.H) - max(b.Y, o.Y)
	return w > 1 && h > 1
}

// checkLayout, at viewport v: no horizontal scrolling, and the site navigation (the nav that
// links to All books) never covers the main content; on a phone it sits above it (or is hidden
// behind a toggle).
func (j *journey) checkLayout(v viewport) {
	j.t.Helper()
	j.do("resize to "+v.name, setViewport(v))
	f := eval[layoutFacts](j, js(`(() => {
  const d = document.documentElement;
  const nav = [...document.querySelectorAll('nav, [role=navigation]')]
    .find(n => [...n.querySelectorAll('a')].some(a => norm(a.innerText) === 'All books'));
  const main = document.querySelector('main, [role=main]');
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
    return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; };
  const over = e => e.getBoundingClientRect().right > d.clientWidth + 0.5;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => over(e) && ![...e.children].some(over)).slice(0, 5)
    .map(e => e.tagName.toLowerCase() + ' ' + JSON.stringify(norm(e.innerText).slice(0, 50)));
  const meta = document.querySelector('meta[name=viewport]');
  return {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth, nav: box(nav), main: box(main), wide,
    viewport: meta ? meta.content : ''};
})()`))
	if v.mobile && !strings.Contains(f.Viewport, "width=device-width") {
		j.t.Errorf("%s: no <meta name=viewport content=\"width=device-width\">: phones lay the page out %.0f px wide",
			j.where(), f.ClientWidth)
	}
	if f.ScrollWidth > f.ClientWidth {
		j.t.Errorf("%s: at %dpx the page scrolls sideways (%.0f px wide); too wide: %s",
			j.where(), v.width, f.ScrollWidth, strings.Join(f.Wide, "; "))
	}
	switch {
	case f.Nav == nil:
		j.t.Errorf("%s: no site navigation (a nav linking to All books)", j.where())
	case f.Main == nil:
		j.t.Errorf("%s: no main element", j.where())
	case f.Nav.overlaps(*f.Main):
		j.t.Errorf("%s: at %dpx the navigation (%s) covers the main content (%s)", j.where(), v.width, f.Nav, f.Main)
	case v.mobile && f.Nav.W*f.Nav.H > 0 && f.Nav.Y+f.Nav.H > f.Main.Y+1:
		// On a phone the navigation goes above the content or behind a toggle, never beside it.
		j.t.Errorf("%s: at %dpx the navigation (%s) sits beside the main content (%s), not above it",
			j.where(), v.width, f.Nav, f.Main)
	}
}

// screenshotDir is where the PNG files go: $E2E_SCREENSHOTS, or screenshots/ beside the tests.
func screenshotDir() string {
	if d := os.Getenv("E2E_SCREENSHOTS"); d != "" {
		return d
	}
	return "screenshots"
}

// resetScreenshots empties a journey's folder so that it holds this run's pictures only.
func resetScreenshots(t *testing.T, name string) {
	t.Helper()
	if err := os.RemoveAll(filepath.Join(screenshotDir(), name)); err != nil {
		t.Fatal(err)
	}
}

// Screenshot photographs the whole page in a desktop (1280×800) and a phone (375×740) window,
// as <dir>/<journey>/NN-name-<window>.png.
func (j *journey) Screenshot(name string) {
	j.t.Helper()
	j.shots++
	for _, v := range []viewport{phone, desktop} {
		j.do("resize to "+v.name, setViewport(v))
		j.savePNG(fmt.Sprintf("%02d-%s-%dx%d.png", j.shots, name, v.width, v.height))
	}
}

func (j *journey) savePNG(file string) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		j.t.Errorf("%s: screenshot %s: %v", j.where(), file, err)
		return
	}
	dir := filepath.Join(screenshotDir(), j.name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		j.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
		j.t.Fatal(err)
	}
}

// failureScreenshot keeps the page a failed journey ended on.
func (j *journey) failureScreenshot() {
	ctx, cancel := j.step()
	defer cancel()
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err == nil {
		u, _ := url.Parse(loc)
		if u != nil {
			j.t.Logf("the journey ended on %s", u.RequestURI())
		}
	}
	j.savePNG("failed.png")
}
