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
	status  int        // the HTTP status the page just loaded answered with
	allow   int        // a non-2xx status the next page load may answer with
	posted  url.Values // the form data of the last POST navigation
}

func newJourney(t *testing.T, name string, b *browser, s *site) *journey {
	t.Helper()
	ctx, cancel, log, err := b.newTab()
	if err != nil {
		unavailable(t, "cannot open a tab: %v", err)
	}
	j := &journey{t: t, name: name, site: s, ctx: ctx, console: log, titles: map[string]string{}}
	resetScreenshots(t, name)
	t.Cleanup(func() {
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

// control returns a selector for the one visible form control labelled label.
func (j *journey) control(label string) chromedp.JSPath {
	j.t.Helper()
	j.unique(fmt.Sprintf("form control labelled %q", label), js(`controls(%s)`, label), js(
		`[...document.querySelectorAll('label')].map(l => norm(l.innerText))`))
	return chromedp.JSPath(js(`controls(%s)[0]`, label))
}

// Fill replaces the text of the field labelled label with value, typing it key by key.
func (j *journey) Fill(label, value string) {
	j.t.Helper()
	sel := j.control(label)
	j.do(fmt.Sprintf("fill %q", label),
		chromedp.Focus(sel),
		// Select what is there, as a user does before typing over it.
		chromedp.Evaluate[chromedp.Void](string(sel)+".select()"),
		chromedp.KeyEvent(value),
	)
	if got := j.Value(label); got != value {
		j.t.Fatalf("%s: typed %q into %q, the field holds %q", j.where(), value, label, got)
	}
}

// PressEnter types text into the field labelled label and presses Enter, which submits its
// form, and waits for the next page.
func (j *journey) PressEnter(label, text string) {
	j.t.Helper()
	j.Fill(label, text)
	j.navigate(fmt.Sprintf("press Enter in %q", label), chromedp.KeyEvent("\r"))
}

// TypeDate types d into the date input labelled label as a user of an en-US browser does:
// month, day and year digits, each segment moving on to the next. The input must then hold the
// ISO date that the form will post.
func (j *journey) TypeDate(label string, d time.Time) {
	j.t.Helper()
	sel := j.control(label)
	j.do(fmt.Sprintf("type a date into %q", label), chromedp.SendKeys(sel, d.Format("01022006")))
	if got, want := j.Value(label), d.Format(time.DateOnly); got != want {
		j.t.Fatalf("%s: typed %s into %q, the input holds %q", j.where(), d.Format("01/02/2006"), label, got)
	}
}

// Value returns the current value of the control labelled label.
func (j *journey) Value(label string) string {
	j.t.Helper()
	return eval[string](j, js(`controls(%s)[0].value`, label))
}

// ExpectStatus lets the next page load answer with status instead of 2xx (a form re-rendered
// with errors answers 422).
func (j *journey) ExpectStatus(status int) { j.allow = status }

// Posted returns the value of field in the form data that the last POST sent.
func (j *journey) Posted(field string) string {
	j.t.Helper()
	if j.posted == nil {
		j.t.Fatalf("%s: no form was posted", j.where())
	}
	return j.posted.Get(field)
}

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
