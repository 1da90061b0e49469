package e2e

import (
	"fmt"
	"slices"
	"time"

	"github.com/chromedp/chromedp"
)

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

// Choose selects exactly the options whose visible texts are options in the select labelled
// label (one for a plain select, any number for a multiple one), and fires the input and change
// events the browser fires when a user picks them.
func (j *journey) Choose(label string, options ...string) {
	j.t.Helper()
	sel := j.control(label)
	missing := eval[[]string](j, fmt.Sprintf(`((s, want) => {
  const texts = [...s.options].map(o => o.text.replace(/\s+/g, ' ').trim());
  const missing = want.filter(w => !texts.includes(w));
  if (missing.length) return missing;
  for (const o of s.options) o.selected = want.includes(o.text.replace(/\s+/g, ' ').trim());
  s.dispatchEvent(new Event('input', {bubbles: true}));
  s.dispatchEvent(new Event('change', {bubbles: true}));
  return [];
})(%s, %s)`, sel, jsString(options)))
	if len(missing) > 0 {
		j.t.Fatalf("%s: the select %q has no option %q", j.where(), label, missing)
	}
	if got := eval[[]string](j, fmt.Sprintf(`[...%s.selectedOptions].map(o => o.text.replace(/\s+/g, ' ').trim())`, sel)); !slices.Equal(got, options) {
		j.t.Fatalf("%s: chose %q in %q, it holds %q", j.where(), options, label, got)
	}
}

// Check ticks the checkbox (or picks the radio button) labelled label with a click, unless it is
// ticked already.
func (j *journey) Check(label string) {
	j.t.Helper()
	j.setChecked(label, true)
}

// Uncheck clears the checkbox labelled label with a click, unless it is clear already.
func (j *journey) Uncheck(label string) {
	j.t.Helper()
	j.setChecked(label, false)
}

func (j *journey) setChecked(label string, want bool) {
	j.t.Helper()
	sel := j.control(label)
	if eval[bool](j, string(sel)+".checked") != want {
		j.do(fmt.Sprintf("click %q", label), chromedp.Click(sel))
	}
	if eval[bool](j, string(sel)+".checked") != want {
		j.t.Fatalf("%s: clicked %q, its checked state is not %v", j.where(), label, want)
	}
}

// Posted returns the value of field in the form data that the last POST sent.
func (j *journey) Posted(field string) string {
	j.t.Helper()
	if j.posted == nil {
		j.t.Fatalf("%s: no form was posted", j.where())
	}
	return j.posted.Get(field)
}

// PostedAll returns every value of field (a multiple select, checkboxes) that the last POST sent.
func (j *journey) PostedAll(field string) []string {
	j.t.Helper()
	if j.posted == nil {
		j.t.Fatalf("%s: no form was posted", j.where())
	}
	return j.posted[field]
}
