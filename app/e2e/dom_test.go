package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
)

// domLib finds things the way a user does: links and buttons by their visible text, form
// controls by their label, lines of text by what they say. Nothing in it depends on class
// names or ids, so that markup can change freely while the page reads the same.
const domLib = `
const norm = s => (s || '').replace(/\s+/g, ' ').trim();
const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length) &&
  getComputedStyle(e).visibility !== 'hidden';
const nameOf = e => norm(e.getAttribute('aria-label') ||
  (e.tagName === 'INPUT' ? e.value : e.innerText));
const describe = e => e.tagName.toLowerCase() + ' "' + norm(e.innerText || e.value || e.getAttribute('aria-label')).slice(0, 60) + '"';
// nearest returns, of els, those closest to an element whose text mentions anchor.
const nearest = (els, anchor) => {
  if (!anchor) return els;
  const scored = els.map(e => {
    let a = e, d = 0;
    while (a && !norm(a.innerText).includes(anchor)) { a = a.parentElement; d++; }
    return {e, a, d};
  }).filter(x => x.a);
  const best = Math.min(...scored.map(x => x.d));
  return scored.filter(x => x.d === best).map(x => x.e);
};
const clickables = (text, anchor) => nearest([...document.querySelectorAll(
  'a[href], button, input[type=submit], input[type=button], [role=button], [role=link]')]
  .filter(e => visible(e) && nameOf(e) === text), anchor);
const labelText = s => norm(s).replace(/:$/, '');
const controls = label => {
  const want = labelText(label);
  const found = [...document.querySelectorAll('label')]
    .filter(l => labelText(l.innerText) === want && l.control).map(l => l.control);
  for (const e of document.querySelectorAll('input, select, textarea'))
    if (labelText(e.getAttribute('aria-label')) === want) found.push(e);
  return [...new Set(found)].filter(visible);
};
// group is the smallest element holding both a control and its label: where a user looks for
// the message about that field.
const group = c => {
  const l = c.labels && c.labels[0];
  let g = c.parentElement;
  while (l && g && !g.contains(l)) g = g.parentElement;
  return g || c.parentElement;
};
// line is the shortest list item, table row, paragraph or definition mentioning text.
const line = text => [...document.querySelectorAll('li, tr, p, dt, dd, h1, h2, h3, h4')]
  .filter(e => visible(e) && norm(e.innerText).includes(text))
  .sort((a, b) => norm(a.innerText).length - norm(b.innerText).length)[0] || null;
`

// js wraps an expression in a function that has domLib in scope.
func js(format string, args ...any) string {
	quoted := make([]any, len(args))
	for i, a := range args {
		quoted[i] = jsString(a)
	}
	return "(() => {" + domLib + "return " + fmt.Sprintf(format, quoted...) + ";})()"
}

// jsString quotes a Go value as a JavaScript literal.
func jsString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// matchReport describes how many elements a lookup found, and which candidates were there.
type matchReport struct {
	Count      int      `json:"count"`
	Candidates []string `json:"candidates"`
}

func (m matchReport) String() string {
	if len(m.Candidates) == 0 {
		return fmt.Sprintf("%d matches", m.Count)
	}
	return fmt.Sprintf("%d matches; the page has: %s", m.Count, strings.Join(m.Candidates, ", "))
}
