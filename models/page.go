package models

import (
	"net/url"
	"strconv"
)

// PerPage is the number of rows on every list page, as the Django views' paginate_by.
const PerPage = 10

// Page is one page of a list (Django's page_obj with its paginator).
type Page struct {
	Number   int
	NumPages int
	Count    int64
	// query holds the list's other query parameters, kept in the previous/next links.
	query url.Values
}

// NewPage validates the ?page= value against count rows. A value that is not a number, or is past
// the last page, is ErrNotFound; "last" means the last page; an empty list still has page 1.
func NewPage(param string, count int64, query url.Values) (Page, error) {
	pages := int((count + PerPage - 1) / PerPage)
	if pages == 0 {
		pages = 1
	}
	n := 1
	switch param {
	case "":
	case "last":
		n = pages
	default:
		v, err := strconv.Atoi(param)
		if err != nil || v < 1 || v > pages {
			return Page{}, ErrNotFound
		}
		n = v
	}
	q := url.Values{}
	for k, vs := range query {
		if k != "page" {
			q[k] = vs
		}
	}
	return Page{Number: n, NumPages: pages, Count: count, query: q}, nil
}

// Offset is the number of rows before this page.
func (p Page) Offset() int { return (p.Number - 1) * PerPage }

// IsPaginated reports whether the list spans more than one page.
func (p Page) IsPaginated() bool { return p.NumPages > 1 }

// HasPrevious reports whether there is a page before this one.
func (p Page) HasPrevious() bool { return p.Number > 1 }

// HasNext reports whether there is a page after this one.
func (p Page) HasNext() bool { return p.Number < p.NumPages }

// PreviousURL is the query string of the previous page.
func (p Page) PreviousURL() string { return p.url(p.Number - 1) }

// NextURL is the query string of the next page.
func (p Page) NextURL() string { return p.url(p.Number + 1) }

func (p Page) url(n int) string {
	q := url.Values{}
	for k, vs := range p.query {
		q[k] = vs
	}
	q.Set("page", strconv.Itoa(n))
	return "?" + q.Encode()
}
