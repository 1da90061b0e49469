package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/chromedp"
)

// axeSource is the vendored axe-core (testdata/axe-core), read once.
var axeSource = sync.OnceValues(func() (string, error) {
	b, err := os.ReadFile("testdata/axe-core/axe.min.js")
	return string(b), err
})

// axeRun runs axe-core on the whole page with the WCAG 2.x A/AA rules and its best practices,
// and keeps what a reader of the failure needs.
const axeRun = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
  resultTypes: ['violations'],
}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html, summary: n.failureSummary})),
})))`

type axeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s — %s", v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, n.HTML,
			strings.ReplaceAll(n.Summary, "\n", "\n      "))
	}
	return b.String()
}

// CheckA11y runs axe-core on the page, injected through the DevTools protocol (the site's CSP
// rightly refuses scripts from anywhere else), and fails on serious or critical violations.
// Lesser ones are logged.
func (j *journey) CheckA11y() {
	j.t.Helper()
	src, err := axeSource()
	if err != nil {
		j.t.Fatalf("axe-core: %v", err)
	}
	ctx, cancel := j.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		j.t.Fatalf("%s: inject axe-core: %v", j.where(), err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		j.t.Fatalf("%s: axe.run: %v", j.where(), err)
	}
	for _, v := range found {
		if v.Impact == "serious" || v.Impact == "critical" {
			j.t.Errorf("%s: accessibility: %s", j.where(), v)
		} else {
			j.t.Logf("%s: accessibility (%s, not failing): %s", j.where(), v.Impact, v)
		}
	}
}

// ExpectReadable checks that sentence reaches assistive technology as one piece of text: it is
// in the page's accessibility tree, not hidden, not an image of text.
func (j *journey) ExpectReadable(sentence string) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	tree, err := chromedp.Call(ctx, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		j.t.Fatalf("%s: accessibility tree: %v", j.where(), err)
	}
	for _, n := range tree.Nodes {
		if n.Ignored || n.Name == nil {
			continue
		}
		var name string
		if json.Unmarshal(n.Name.Value, &name) == nil && strings.Contains(normalize(name), sentence) {
			return
		}
	}
	j.t.Errorf("%s: %q is not readable text in the accessibility tree", j.where(), sentence)
}

// announced reads the field sel as assistive technology does, from the browser's accessibility
// tree: whether it is invalid, and its description (the texts aria-describedby points to).
func (j *journey) announced(sel chromedp.JSPath) (invalid bool, description string) {
	j.t.Helper()
	ctx, cancel := j.step()
	defer cancel()
	nodes, err := chromedp.Run(ctx, chromedp.Nodes(sel))
	if err != nil || len(nodes) != 1 {
		j.t.Fatalf("%s: find the field: %d nodes, %v", j.where(), len(nodes), err)
	}
	ax, err := chromedp.Call(ctx, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{
		BackendNodeID: nodes[0].BackendNodeID, FetchRelatives: new(false)})
	if err != nil || len(ax.Nodes) == 0 {
		j.t.Fatalf("%s: the field's accessibility node: %v", j.where(), err)
	}
	n := ax.Nodes[0]
	if n.Description != nil {
		_ = json.Unmarshal(n.Description.Value, &description)
	}
	for _, p := range n.Properties {
		var v string
		if p.Name == accessibility.PropertyNameInvalid && json.Unmarshal(p.Value.Value, &v) == nil {
			invalid = v != "false"
		}
	}
	return invalid, normalize(description)
}
