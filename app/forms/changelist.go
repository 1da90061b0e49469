package forms

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/models"
)

// The query parameters of every admin change list, as Django's ChangeList names them.
const (
	searchParam = "q"
	orderParam  = "o"
	pageParam   = "page"
)

// ErrBadFilter is returned for a filter parameter whose value is malformed (a genre that is not
// a number, a date that is not a day); the list answers 400.
var ErrBadFilter = errors.New("bad filter value")

// ChangeList is an admin list's query string (a GET form): the search text, the filters, the
// ordering (?o=) over the list's columns and the page.
type ChangeList struct {
	Q       string
	Sort    []models.SortKey
	Columns []models.Column
	query   url.Values
}

// NewChangeList reads the list's query string; cols are the list's columns, which ?o= names.
func NewChangeList(c *fiber.Ctx, cols []models.Column) ChangeList {
	q, err := url.ParseQuery(string(c.Context().URI().QueryString()))
	if err != nil {
		q = url.Values{}
	}
	return ChangeList{Q: q.Get(searchParam), Sort: models.ParseOrdering(q.Get(orderParam), cols), Columns: cols, query: q}
}

// Params says which page to read, keeping the other parameters in the page links.
func (f ChangeList) Params() models.ListParams {
	return models.ListParams{Page: f.query.Get(pageParam), Query: f.query}
}

// QueryString is the list's query string without its page ("?q=...&o=1"), or "" (for the
// action form, which comes back to the same list, and the CSV links, which export it).
func (f ChangeList) QueryString() string { return f.link(nil, nil) }

// Searched reports whether the list is narrowed by a search text.
func (f ChangeList) Searched() bool { return strings.TrimSpace(f.Q) != "" }

// Hidden lists the parameters the search form carries along unchanged (the filters and the
// ordering), as name and value pairs.
func (f ChangeList) Hidden() [][2]string {
	var out [][2]string
	for name, vs := range f.query {
		if name == searchParam || name == pageParam {
			continue
		}
		for _, v := range vs {
			out = append(out, [2]string{name, v})
		}
	}
	return out
}

// link is the list's query string with the parameters drop left out and set replacing their
// names, without the page.
func (f ChangeList) link(drop []string, set url.Values) string {
	q := url.Values{}
	for name, vs := range f.query {
		if name != pageParam && !slices.Contains(drop, name) && set[name] == nil {
			q[name] = vs
		}
	}
	for name, vs := range set {
		if len(vs) > 0 && vs[0] != "" {
			q[name] = vs
		}
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Header is a column heading of a change list, with its sort links.
type Header struct {
	Label    string
	Sortable bool
	// Sorted and Desc say how the list is sorted by this column; Priority is its place among the
	// sort keys, from 1.
	Sorted, Desc bool
	Priority     int
	// URL sorts by this column first (toggling its direction when it is first already);
	// RemoveURL drops it from the ordering.
	URL, RemoveURL string
}

// Headers are the list's column headings with their sort links, as Django's result_headers.
func (f ChangeList) Headers() []Header {
	headers := make([]Header, len(f.Columns))
	for i, col := range f.Columns {
		h := Header{Label: col.Label, Sortable: col.Sortable()}
		if !h.Sortable {
			headers[i] = h
			continue
		}
		var rest []models.SortKey
		desc := false
		for p, k := range f.Sort {
			if k.Column == i {
				h.Sorted, h.Desc, h.Priority = true, k.Desc, p+1
				desc = p == 0 && !k.Desc
				continue
			}
			rest = append(rest, k)
		}
		first := append([]models.SortKey{{Column: i, Desc: desc}}, rest...)
		h.URL = f.link([]string{orderParam}, url.Values{orderParam: {models.FormatOrdering(first)}})
		h.RemoveURL = f.link([]string{orderParam}, url.Values{orderParam: {models.FormatOrdering(rest)}})
		if h.URL == "" {
			h.URL = "?"
		}
		if h.RemoveURL == "" {
			h.RemoveURL = "?"
		}
		headers[i] = h
	}
	return headers
}

// Filter is one filter of a change list's side bar (Django's list_filter): its title and
// choices, the first being "All".
type Filter struct {
	Title   string
	Choices []FilterChoice
}

// FilterChoice is one link of a filter.
type FilterChoice struct {
	Label    string
	URL      string
	Selected bool
}

// filter builds the filter over params (the query parameters it sets) from choices, each a label
// and the values of params it sets, after "All", which clears them.
func (f ChangeList) filter(title string, params []string, choices []choice) Filter {
	all := FilterChoice{Label: "All", URL: f.link(params, nil), Selected: true}
	if all.URL == "" {
		all.URL = "?"
	}
	out := Filter{Title: title, Choices: []FilterChoice{all}}
	for _, ch := range choices {
		set := url.Values{}
		selected := true
		for i, p := range params {
			set.Set(p, ch.values[i])
			if f.query.Get(p) != ch.values[i] {
				selected = false
			}
		}
		if selected {
			out.Choices[0].Selected = false
		}
		out.Choices = append(out.Choices, FilterChoice{Label: ch.label, URL: f.link(params, set), Selected: selected})
	}
	return out
}

// choice is a filter's label and the values it gives the filter's parameters ("" leaves one out).
type choice struct {
	label  string
	values []string
}

// optionChoices are the choices of a filter on a related row (a genre, a language, a group).
func optionChoices(opts []models.Option) []choice {
	out := make([]choice, len(opts))
	for i, o := range opts {
		out[i] = choice{o.Label, []string{strconv.FormatInt(o.ID, 10)}}
	}
	return out
}

// id reads the optional id parameter name (0 when absent).
func (f ChangeList) id(name string) (int64, error) {
	v := f.query.Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, ErrBadFilter
	}
	return n, nil
}

// flag reads the optional yes-or-no parameter name: "1" or "True", "0" or "False".
func (f ChangeList) flag(name string) (*bool, error) {
	var b bool
	switch f.query.Get(name) {
	case "":
		return nil, nil
	case "1", "True", "true":
		b = true
	case "0", "False", "false":
	default:
		return nil, ErrBadFilter
	}
	return &b, nil
}

// day reads the optional YYYY-MM-DD parameter name.
func (f ChangeList) day(name string) (*models.Date, error) {
	v := f.query.Get(name)
	if v == "" {
		return nil, nil
	}
	d, err := models.ParseDate(v)
	if err != nil {
		return nil, ErrBadFilter
	}
	return &d, nil
}
