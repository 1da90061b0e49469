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

// nameOrder is the Meta.ordering of the models ordered by name (Genre, Language).
const nameOrder = "name, id"

// ListParams says which page of a list to read: the ?page= value and the query to keep in links.
type ListParams struct {
	Page  string
	Query url.Values
}

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
	// Rounded up without adding first, which would overflow next to the largest count.
	pages := int(count / PerPage)
	if count%PerPage != 0 || pages == 0 {
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

// paginate counts the rows of q, validates the page and reads that page into dst with the
// belongs-to joins named: two statements whatever the page size. The count leaves the joins out,
// so q's conditions must only name q's own table.
func paginate(q *gorm.DB, p ListParams, order string, dst any, joins ...string) (Page, error) {
	var count int64
	if err := q.Session(&gorm.Session{}).Count(&count).Error; err != nil {
		return Page{}, err
	}
	page, err := NewPage(p.Page, count, p.Query)
	if err != nil {
		return Page{}, err
	}
	rows := q.Session(&gorm.Session{})
	for _, j := range joins {
		rows = rows.Joins(j)
	}
	err = rows.Order(order).Limit(PerPage).Offset(page.Offset()).Find(dst).Error
	return page, err
}

// listPage reads page p of q's rows, ordered, into a slice with the belongs-to joins named: the
// body of every List function. what names the list in errors.
func listPage[T any](q *gorm.DB, p ListParams, order, what string, joins ...string) ([]T, Page, error) {
	var rows []T
	page, err := paginate(q, p, order, &rows, joins...)
	if err != nil {
		return nil, page, wrapList(what, err)
	}
	return rows, page, nil
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
