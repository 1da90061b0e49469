package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var spaces = regexp.MustCompile(`\s+`)

// normalize collapses white space as a reader does.
func normalize(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// Text returns the visible text of the page, white space collapsed.
func (j *journey) Text() string {
	j.t.Helper()
	return eval[string](j, js(`norm(document.body.innerText)`))
}

// ExpectText checks that the page shows each of texts.
func (j *journey) ExpectText(texts ...string) {
	j.t.Helper()
	page := j.Text()
	for _, s := range texts {
		if !strings.Contains(page, normalize(s)) {
			j.t.Errorf("%s: want the page to show %q; it shows:\n%s", j.where(), s, excerpt(page))
		}
	}
}

// ExpectNoText checks that the page shows none of texts.
func (j *journey) ExpectNoText(texts ...string) {
	j.t.Helper()
	page := j.Text()
	for _, s := range texts {
		if strings.Contains(page, normalize(s)) {
			j.t.Errorf("%s: want the page not to show %q; it shows:\n%s", j.where(), s, excerpt(page))
		}
	}
}

// ExpectHeading checks the text of the page's main heading.
func (j *journey) ExpectHeading(want string) {
	j.t.Helper()
	got := eval[string](j, js(`[...document.querySelectorAll('h1')].map(h => norm(h.innerText)).join(' | ')`))
	if got != want {
		j.t.Errorf("%s: heading %q, want %q", j.where(), got, want)
	}
}

// ExpectPath checks the path (and query) of the page.
func (j *journey) ExpectPath(want string) {
	j.t.Helper()
	if got := j.Path(); got != want {
		j.t.Errorf("%s: on %s, want %s", j.where(), got, want)
	}
}

// Line returns the text of the shortest list item, table row or paragraph that mentions text.
func (j *journey) Line(text string) string {
	j.t.Helper()
	got := eval[*string](j, js(`(l => l && norm(l.innerText))(line(%s))`, text))
	if got == nil {
		j.t.Fatalf("%s: no line mentions %q; the page shows:\n%s", j.where(), text, excerpt(j.Text()))
	}
	return *got
}

// ExpectLine checks that the line mentioning anchor also says each of texts.
func (j *journey) ExpectLine(anchor string, texts ...string) {
	j.t.Helper()
	l := j.Line(anchor)
	for _, s := range texts {
		if !strings.Contains(l, s) {
			j.t.Errorf("%s: the line about %q reads %q, want it to say %q", j.where(), anchor, l, s)
		}
	}
}

// rgb is a computed CSS colour.
type rgb struct{ R, G, B int }

// red reports whether a colour reads as red: a warning, not text or a link.
func (c rgb) red() bool { return c.R >= 150 && c.G <= 100 && c.B <= 100 }

// LineColor returns the colour in which the line mentioning text is written.
func (j *journey) LineColor(text string) rgb {
	j.t.Helper()
	j.Line(text)
	s := eval[string](j, js(`getComputedStyle(line(%s)).color`, text))
	var c rgb
	if _, err := fmt.Sscanf(s, "rgb(%d, %d, %d)", &c.R, &c.G, &c.B); err != nil {
		j.t.Fatalf("%s: colour %q of the line about %q: %v", j.where(), s, text, err)
	}
	return c
}

// ExpectFieldError checks that message shows beside the field labelled label, with the field,
// and that assistive technology hears it there too: the field is marked invalid and the message
// is part of its description (see announced).
func (j *journey) ExpectFieldError(label, message string) {
	j.t.Helper()
	sel := j.control(label)
	got := eval[string](j, js(`norm(group(controls(%s)[0]).innerText)`, label))
	if !strings.Contains(got, message) {
		j.t.Errorf("%s: want %q beside the field %q; around it: %q", j.where(), message, label, got)
	}
	invalid, description := j.announced(sel)
	if !invalid {
		j.t.Errorf("%s: the field %q is not marked invalid for assistive technology (aria-invalid)", j.where(), label)
	}
	if !strings.Contains(description, message) {
		j.t.Errorf("%s: the field %q is described as %q, want its message %q (aria-describedby)",
			j.where(), label, description, message)
	}
}

// ExpectValue checks what the field labelled label holds (typed values stay after an error).
func (j *journey) ExpectValue(label, want string) {
	j.t.Helper()
	if got := j.Value(label); got != want {
		j.t.Errorf("%s: field %q holds %q, want %q", j.where(), label, got, want)
	}
}

// ExpectChosen checks the visible texts of the options selected in the select labelled label.
func (j *journey) ExpectChosen(label string, options ...string) {
	j.t.Helper()
	sel := j.control(label)
	got := eval[[]string](j, fmt.Sprintf(`(s => s.selectedOptions ? [...s.selectedOptions].map(o => o.text.replace(/\s+/g, ' ').trim()) : null)(%s)`, sel))
	if !slices.Equal(got, options) {
		j.t.Errorf("%s: the select %q has %q chosen, want %q", j.where(), label, got, options)
	}
}

// ExpectChecked checks that each checkbox labelled by one of labels is ticked.
func (j *journey) ExpectChecked(labels ...string) {
	j.t.Helper()
	for _, l := range labels {
		if !eval[bool](j, string(j.control(l))+".checked") {
			j.t.Errorf("%s: the checkbox %q is not ticked", j.where(), l)
		}
	}
}

// excerpt shortens page text for a failure message.
func excerpt(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}
