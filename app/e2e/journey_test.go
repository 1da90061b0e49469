package e2e

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// stepTimeout bounds one user action, page load included, so that a broken page fails the
// journey quickly instead of hanging it.
const stepTimeout = 20 * time.Second

// journey is one user at one browser tab, on a site of their own. Its methods act as the user
// (Open, Click, Fill, TypeDate, PressEnter, Back) and check what they see (ExpectText,
// ExpectHeading, ExpectFieldError, ...). Each page load also runs the checks every page must
// pass (see landed).
type journey struct {
	t       *testing.T
	name    string
	site    *site
	ctx     context.Context
	console *consoleLog
	read    int               // console messages already checked
	titles  map[string]string // page title -> the path that had it
	shots   int
	allow   int        // a non-2xx status the next page load may answer with
	posted  url.Values // the form data of the last POST navigation
}

func newJourney(t *testing.T, name string, b *browser, s *site) *journey {
	t.Helper()
	ctx, cancel, log, err := b.newTab()
	if err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	j := &journey{t: t, name: name, site: s, ctx: ctx, console: log, titles: map[string]string{}}
	resetScreenshots(t, name)
	t.Cleanup(func() {
		if !t.Failed() {
			// Whatever the last page logged after its checks.
			j.checkConsole(0)
		}
		if t.Failed() {
			j.failureScreenshot()
		}
		cancel()
	})
	return j
}

// step returns a context for one action.
func (j *journey) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(j.ctx, stepTimeout)
}

// do runs actions that load no page.
func (j *journey) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		j.t.Fatalf("%s: %s: %v", j.where(), what, err)
	}
}

// eval evaluates a domLib expression.
func eval[T any](j *journey, expr string) T {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		j.t.Fatalf("%s: evaluate: %v\n%.300s", j.where(), err, expr)
	}
	return v
}

// navigate runs actions that load a new page, waits for it and checks it.
func (j *journey) navigate(what string, actions ...chromedp.Action[chromedp.Void]) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	var mu sync.Mutex
	var posted url.Values
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	err := chromedp.Listen(lctx, func(ev any) {
		if r, ok := ev.(*network.EventRequestWillBeSent); ok && r.Type == network.ResourceTypeDocument && r.Request.Method == "POST" {
			var body strings.Builder
			for _, e := range r.Request.PostDataEntries {
				body.Write(e.Bytes)
			}
			mu.Lock()
			posted, _ = url.ParseQuery(body.String())
			mu.Unlock()
		}
	})
	if err != nil {
		j.t.Fatalf("%s: %v", what, err)
	}
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		j.t.Fatalf("%s: %s: %v", j.where(), what, err)
	}
	stop()
	mu.Lock()
	j.posted = posted
	mu.Unlock()
	j.landed(what, resp)
}

// Open types a path of the site into the address bar.
func (j *journey) Open(path string) {
	j.t.Helper()
	j.navigate("open "+path, chromedp.Navigate(j.site.URL+path))
}

// Reload reloads the page.
func (j *journey) Reload() {
	j.t.Helper()
	j.navigate("reload", chromedp.Reload())
}

// Back presses the browser's back button.
func (j *journey) Back() {
	j.t.Helper()
	j.navigate("back", chromedp.NavigateBack())
}

// Click clicks the one visible link or button whose text (or label) is text, and waits for the
// page it leads to.
func (j *journey) Click(text string) {
	j.t.Helper()
	j.ClickNear("", text)
}

// ClickNear clicks the link or button labelled text that sits nearest to the words anchor
// ("the Renew link of Death Wave"), and waits for the page it leads to.
func (j *journey) ClickNear(anchor, text string) {
	j.t.Helper()
	j.unique(fmt.Sprintf("link or button %q", text), js(`clickables(%s, %s)`, text, anchor), js(
		`[...document.querySelectorAll('a[href], button, input[type=submit]')].filter(visible).map(describe)`))
	j.navigate(fmt.Sprintf("click %q", text), chromedp.Click(chromedp.JSPath(js(`clickables(%s, %s)[0]`, text, anchor))))
}

// unique fails unless the elements expression finds exactly one element.
func (j *journey) unique(what, elements, candidates string) {
	j.t.Helper()
	m := eval[matchReport](j, fmt.Sprintf(`(() => { const m = %s; return {count: m.length, candidates: m.length === 1 ? [] : %s}; })()`,
		elements, candidates))
	if m.Count != 1 {
		j.t.Fatalf("%s: want one %s, found %s", j.where(), what, m)
	}
}

// ExpectStatus lets the next page load answer with status instead of 2xx (a form re-rendered
// with errors answers 422).
func (j *journey) ExpectStatus(status int) { j.allow = status }

// Path returns the path and query of the page.
func (j *journey) Path() string {
	j.t.Helper()
	return eval[string](j, `location.pathname + location.search`)
}

// where names the page the journey is on, for messages.
func (j *journey) where() string {
	ctx, cancel := j.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return j.name
	}
	return j.name + " at " + strings.TrimPrefix(loc, j.site.URL)
}
