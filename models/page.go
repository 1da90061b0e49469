package models

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"

	"gorm.io/gorm"
)

// PerPage is the number of rows on every list page, as the Django views' paginate_by.
const PerPage = 10

// ListParams says which page of a list to read: the ?page= value, and the query string, which
// also carries the cursor of a link from a neighbouring page (after= or before= a row's id) and
// the parameters to keep in the page's own links.
type ListParams struct {
	Page  string
	Query url.Values
}

// Cursor parameters: page N+1 is linked as ?page=N+1&after=<id of page N's last row>, page N-1
// as ?page=N-1&before=<id of page N's first row>.
const (
	afterParam  = "after"
	beforeParam = "before"
)

// Page is one page of a list (Django's page_obj with its paginator).
type Page struct {
	Number   int
	NumPages int
	// Count is the number of rows, or the cap when Capped.
	Count int64
	// Capped reports that the list has more than Count rows and only the first Count are paged.
	Capped bool
	// after and before are the cursor the page was asked with.
	after, before string
	// first and last are the ids of the page's first and last rows, for the neighbours' links.
	first, last string
	// query holds the list's other query parameters, kept in the previous/next links.
	query url.Values
}

// Total is the number of rows of a list, exact or cut at a cap.
type Total struct {
	N      int64
	Capped bool
}

// NewPage validates the ?page= value against count rows. A value that is not a number, or is past
// the last page, is ErrNotFound; "last" means the last page; an empty list still has page 1.
func NewPage(param string, count int64, query url.Values) (Page, error) {
	return newPage(param, Total{N: count}, query)
}

func newPage(param string, total Total, query url.Values) (Page, error) {
	// Rounded up without adding first, which would overflow next to the largest count.
	pages := int(total.N / PerPage)
	if total.N%PerPage != 0 || pages == 0 {
		pages++
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
		switch k {
		case "page", afterParam, beforeParam:
		default:
			q[k] = vs
		}
	}
	p := Page{Number: n, NumPages: pages, Count: total.N, Capped: total.Capped, query: q}
	if param != "" && param != "last" {
		p.after, p.before = query.Get(afterParam), query.Get(beforeParam)
	}
	return p, nil
}

// Offset is the number of rows before this page.
func (p Page) Offset() int { return (p.Number - 1) * PerPage }

// size is the number of rows on this page.
func (p Page) size() int { return int(min(int64(PerPage), p.Count-int64(p.Offset()))) }

// IsPaginated reports whether the list spans more than one page.
func (p Page) IsPaginated() bool { return p.NumPages > 1 }

// HasPrevious reports whether there is a page before this one.
func (p Page) HasPrevious() bool { return p.Number > 1 }

// HasNext reports whether there is a page after this one.
func (p Page) HasNext() bool { return p.Number < p.NumPages }

// PreviousURL is the query string of the previous page: it starts before this page's first row.
func (p Page) PreviousURL() string {
	if p.Number == 2 {
		return p.url(1, "", "")
	}
	return p.url(p.Number-1, beforeParam, p.first)
}

// NextURL is the query string of the next page: it starts after this page's last row.
func (p Page) NextURL() string { return p.url(p.Number+1, afterParam, p.last) }

func (p Page) url(n int, cursor, id string) string {
	q := url.Values{}
	for k, vs := range p.query {
		q[k] = vs
	}
	q.Set("page", strconv.Itoa(n))
	if cursor != "" && id != "" {
		q.Set(cursor, id)
	}
	return "?" + q.Encode()
}

// Take loads the one row q selects into dst. It is the one place where a missing row becomes
// ErrNotFound; other errors are wrapped as "what key: error".
func Take(q *gorm.DB, dst any, what string, key any) error {
	err := q.Take(dst).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("%s %v: %w", what, key, err)
	}
	return nil
}

// wrapList names the list whose query failed, leaving ErrNotFound (a page past the end) as is.
func wrapList(what string, err error) error {
	if errors.Is(err, ErrNotFound) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}
