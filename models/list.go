package models

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Key is one sort key of a list: an SQL expression on the table whose index serves the order. A
// key is never NULL: a nullable column sorts through coalesce with a sentinel, and the index is
// on that expression.
type Key struct {
	Expr string
	Desc bool
}

// Order is a list's ordering. Its last key is the row's id, which makes the order total, so that
// a row can stand for a position in the list (a cursor).
type Order []Key

// Ascending is the order by exprs, each ascending.
func Ascending(exprs ...string) Order {
	o := make(Order, len(exprs))
	for i, e := range exprs {
		o[i] = Key{Expr: e}
	}
	return o
}

// sql is the ORDER BY of the order, or of its reverse, over the key expressions or (page) over
// the k0, k1, ... columns of the page subquery.
func (o Order) sql(reverse, page bool) string {
	parts := make([]string, len(o))
	for i, k := range o {
		e := k.Expr
		if page {
			e = "page.k" + strconv.Itoa(i)
		}
		if k.Desc != reverse {
			e += " DESC"
		}
		parts[i] = e
	}
	return strings.Join(parts, ", ")
}

// columns selects the keys as k0, k1, ...
func (o Order) columns() string {
	parts := make([]string, len(o))
	for i, k := range o {
		parts[i] = k.Expr + " AS k" + strconv.Itoa(i)
	}
	return strings.Join(parts, ", ")
}

// exprs lists the key expressions.
func (o Order) exprs() string {
	parts := make([]string, len(o))
	for i, k := range o {
		parts[i] = k.Expr
	}
	return strings.Join(parts, ", ")
}

// seek is the condition "the row comes after the cursor row" (before it, when reverse), the
// cursor's keys read by cursor (a query selecting one row's keys). With every key in the same
// direction it is one row comparison, which an index on the keys serves as a range; mixed
// directions expand it, with a bound on the first key for the index.
func (o Order) seek(reverse bool, cursor func(expr string) *gorm.DB) (string, []any) {
	op := func(k Key) string {
		if k.Desc != reverse {
			return "<"
		}
		return ">"
	}
	uniform := !slices.ContainsFunc(o, func(k Key) bool { return k.Desc != o[0].Desc })
	if uniform {
		return "(" + o.exprs() + ") " + op(o[0]) + " (?)", []any{cursor(o.exprs())}
	}
	var args []any
	var or []string
	for i, k := range o {
		var and []string
		for _, prev := range o[:i] {
			and = append(and, prev.Expr+" = (?)")
			args = append(args, cursor(prev.Expr))
		}
		and = append(and, k.Expr+" "+op(k)+" (?)")
		args = append(args, cursor(k.Expr))
		or = append(or, "("+strings.Join(and, " AND ")+")")
	}
	args = append([]any{cursor(o[0].Expr)}, args...)
	return o[0].Expr + " " + op(o[0]) + "= (?) AND (" + strings.Join(or, " OR ") + ")", args
}

// Listing is what a list page reads; every List function fills one and calls ListPage. The
// admin's lists, with their filters, searches and sortable columns, are Listings too.
type Listing struct {
	// Keys selects the listed rows, with the list's conditions, from the table whose index
	// serves Order: only the keys are read from it, at most a page of them.
	Keys  *gorm.DB
	Order Order
	// Rows reads the displayed rows (the model with its belongs-to joins); RowID is their id
	// column, equal to Order's last key.
	Rows  *gorm.DB
	RowID string
	// Total counts the rows: CounterTotal for a list that grows with the catalog, CountRows for
	// one bounded by its nature, CountCapped for a filtered or searched list.
	Total func() (Total, error)
}

// ListPage reads page p of a listing. It sends two statements whatever the page (the total,
// then the page), and a third only when a link's cursor row has gone. what names the list in
// errors.
func ListPage[T any](l Listing, p ListParams, what string) ([]T, Page, error) {
	total, err := l.Total()
	if err != nil {
		return nil, Page{}, wrapList(what, err)
	}
	page, err := newPage(p.Page, total, p.Query)
	if err != nil {
		return nil, page, err
	}
	if page.Count == 0 {
		return nil, page, nil
	}
	parse := idParser[T]()
	var rows []T
	seeking, err := l.read(&page, parse, &rows)
	if err == nil && len(rows) == 0 && seeking {
		// The cursor row was deleted, or no longer belongs to the list: count rows off instead.
		page.after, page.before = "", ""
		_, err = l.read(&page, parse, &rows)
	}
	if err != nil {
		return nil, page, wrapList(what, err)
	}
	if len(rows) > 0 {
		page.first, page.last = rowID(rows[0]), rowID(rows[len(rows)-1])
	}
	return rows, page, nil
}

// read reads the rows of page into dst and reports whether it sought from a cursor.
//
// Linked pages seek: the rows after (or before) the cursor row, by the index of the order, cost
// the same at any depth. A page asked by number alone counts rows off from the nearer end of the
// list: page 1 and the last page cost nothing extra, a page in the middle of a long list costs a
// walk over the keys before it (an index-only scan where the index holds every key). A capped
// list has no known end, so it always counts from the start.
func (l Listing) read(page *Page, parse func(string) (any, bool), dst any) (bool, error) {
	inner := l.Keys.Session(&gorm.Session{}).Select(l.Order.columns())
	cursor := func(id any) func(string) *gorm.DB {
		return func(expr string) *gorm.DB {
			return l.Keys.Session(&gorm.Session{}).Select(expr).Where(l.Order[len(l.Order)-1].Expr+" = ?", id)
		}
	}
	// The page's size, not PerPage: the last page of a capped list stops at the cap.
	inner = inner.Limit(page.size())
	reverse, seeking := false, false
	if id, ok := parse(page.after); ok {
		cond, args := l.Order.seek(false, cursor(id))
		inner, seeking = inner.Where(cond, args...), true
	} else if id, ok := parse(page.before); ok {
		cond, args := l.Order.seek(true, cursor(id))
		inner, reverse, seeking = inner.Where(cond, args...), true, true
	} else if fromEnd := page.Count - int64(page.Offset()+page.size()); page.Capped || int64(page.Offset()) <= fromEnd {
		inner = inner.Offset(page.Offset())
	} else {
		inner, reverse = inner.Offset(int(fromEnd)), true
	}
	inner = inner.Order(l.Order.sql(reverse, false))
	last := "page.k" + strconv.Itoa(len(l.Order)-1)
	q := l.Rows.Session(&gorm.Session{}).Joins("JOIN (?) AS page ON "+last+" = "+l.RowID, inner).Order(l.Order.sql(false, true))
	return seeking, q.Find(dst).Error
}

// offsetPage reads page p of q's rows in order, totalled by total: by OFFSET, so that a page
// costs the walk over the rows before it. Only the admin's change lists read so, sorted by
// several columns or by a joined table's, with a capped total.
func offsetPage[T any](q *gorm.DB, total func() (Total, error), p ListParams, order, what string) ([]T, Page, error) {
	t, err := total()
	if err != nil {
		return nil, Page{}, wrapList(what, err)
	}
	page, err := newPage(p.Page, t, p.Query)
	if err != nil || page.Count == 0 {
		return nil, page, err
	}
	var dst []T
	if err := q.Order(order).Limit(page.size()).Offset(page.Offset()).Find(&dst).Error; err != nil {
		return nil, page, wrapList(what, err)
	}
	return dst, page, nil
}

// idParser returns the parser of T's ID for cursors: a number, or a UUID.
func idParser[T any]() func(string) (any, bool) {
	f, _ := reflect.TypeFor[T]().FieldByName("ID")
	if f.Type == reflect.TypeFor[uuid.UUID]() {
		return func(s string) (any, bool) {
			id, err := uuid.Parse(s)
			return id, err == nil && s != ""
		}
	}
	return func(s string) (any, bool) {
		id, err := strconv.ParseInt(s, 10, 64)
		return id, err == nil
	}
}

// rowID is a row's ID as written in a cursor.
func rowID(row any) string {
	return fmt.Sprint(reflect.ValueOf(row).FieldByName("ID").Interface())
}

// CounterTotal totals a list from counters kept by the database's triggers (one statement, on
// the counters' primary key): the sum of the named counters of parent (0 for the whole catalog).
func CounterTotal(db *gorm.DB, parent int64, names ...string) func() (Total, error) {
	return func() (Total, error) {
		var n int64
		err := db.Raw("SELECT coalesce(sum(value), 0) FROM catalog_counter WHERE name IN ? AND parent_id = ?", names, parent).Scan(&n).Error
		return Total{N: n}, err
	}
}

// CountRows totals a list by counting its rows: for lists bounded by their nature (one member's
// loans), never for a list that grows with the catalog.
func CountRows(q *gorm.DB) func() (Total, error) {
	return func() (Total, error) {
		var n int64
		err := q.Session(&gorm.Session{}).Count(&n).Error
		return Total{N: n}, err
	}
}

// CountCapped totals a list by counting its rows up to limit and no further: a list with more
// is Capped at limit, and pages through its first limit rows.
func CountCapped(q *gorm.DB, limit int) func() (Total, error) {
	return func() (Total, error) {
		var n int64
		err := q.Session(&gorm.Session{}).Raw("SELECT count(*) FROM (?) capped", q.Session(&gorm.Session{}).Select("1").Limit(limit+1)).Scan(&n).Error
		if n > int64(limit) {
			return Total{N: int64(limit), Capped: true}, err
		}
		return Total{N: n}, err
	}
}
