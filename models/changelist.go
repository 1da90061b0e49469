package models

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Column is a column of an admin change list: its header, the SQL expressions it sorts by over
// the list's joins (none when the list cannot be sorted by it), and Seek, when the list sorted by
// this column alone seeks its pages: the column's sort keys on the list's own table, never NULL
// (a nullable date through coalesce with the sentinel date), which an index on them and the id
// serves. Nullable says that Sort may be NULL: empty values then sort last going up and first
// going down, as the seek through the sentinel date does; other columns sort as their indexes
// hold them.
type Column struct {
	Label    string
	Sort     []string
	Seek     []string
	Nullable bool
}

// Sortable reports whether the list can be sorted by the column.
func (c Column) Sortable() bool { return len(c.Sort) > 0 }

// SortKey is one column of a change list's ordering, by its position.
type SortKey struct {
	Column int
	Desc   bool
}

// ParseOrdering reads the admin's ?o= value as Django writes it: column positions from 0,
// separated by dots, each descending with a leading "-" ("2.-0": by the third column, then by
// the first descending). Parts that name no sortable column, and repeats, are left out.
func ParseOrdering(o string, cols []Column) []SortKey {
	var keys []SortKey
	seen := map[int]bool{}
	for i, part := range strings.Split(o, ".") {
		if i >= len(cols) {
			break
		}
		n, err := strconv.Atoi(strings.TrimPrefix(part, "-"))
		if err != nil || n < 0 || n >= len(cols) || !cols[n].Sortable() || seen[n] || strings.HasPrefix(part, "+") {
			continue
		}
		seen[n] = true
		keys = append(keys, SortKey{Column: n, Desc: strings.HasPrefix(part, "-")})
	}
	return keys
}

// FormatOrdering writes keys as a ?o= value.
func FormatOrdering(keys []SortKey) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Itoa(k.Column)
		if k.Desc {
			parts[i] = "-" + parts[i]
		}
	}
	return strings.Join(parts, ".")
}

// orderBy is the ORDER BY of keys over cols, then the model's own ordering def, which ends with
// the id so that pages never overlap. Empty values sort last going up and first going down, on
// both databases, as the lists sorted by one column seek them.
func orderBy(cols []Column, keys []SortKey, def string) string {
	var parts []string
	for _, k := range keys {
		for _, expr := range cols[k.Column].Sort {
			switch {
			case k.Desc && cols[k.Column].Nullable:
				expr += " DESC NULLS FIRST"
			case k.Desc:
				expr += " DESC"
			case cols[k.Column].Nullable:
				expr += " NULLS LAST"
			}
			parts = append(parts, expr)
		}
	}
	return strings.Join(append(parts, def), ", ")
}

// AdminCap is the number of rows a searched or filtered admin list counts and pages through, as
// the catalog search counts: past it, the list says "more than AdminCap" and pages through the
// first AdminCap rows in its order.
const AdminCap = SearchCap

// changeList is an admin list as its model reads it.
type changeList struct {
	// keys selects the listed rows, filtered, from the model's table; inner and joins name the
	// belongs-to joins of the rows shown, required (an inner join, which lets a sort by the joined
	// table's column walk its index) and optional; rowID is the table's id column.
	keys         *gorm.DB
	inner, joins []string
	rowID        string
	cols         []Column
	// def is the model's ordering, ending with the id, which an index serves.
	def Order
	// ordered, when set, is the order the list reads in whatever the sort keys (a book list
	// narrowed to one parent reads the parent's index).
	ordered Order
	// total counts the rows from counters (nil: counted up to AdminCap).
	total func() (Total, error)
}

// order is the list's Order under the sort keys: def, or the Seek keys of the one column sorted
// by, then the id, all in the column's direction. It is false when keys sort by several columns,
// or by one that cannot seek.
func (cl changeList) order(keys []SortKey) (Order, bool) {
	switch {
	case cl.ordered != nil:
		return cl.ordered, true
	case len(keys) == 0:
		return cl.def, true
	case len(keys) > 1 || cl.cols[keys[0].Column].Seek == nil:
		return nil, false
	}
	seek := cl.cols[keys[0].Column].Seek
	if seek[len(seek)-1] != cl.rowID {
		seek = append(slices.Clone(seek), cl.rowID)
	}
	o := Ascending(seek...)
	return o.desc(keys[0].Desc), true
}

// desc is the order, or (on) its reverse.
func (o Order) desc(on bool) Order {
	if !on {
		return o
	}
	r := make(Order, len(o))
	for i, k := range o {
		r[i] = Key{Expr: k.Expr, Desc: !k.Desc}
	}
	return r
}

// readChangeList reads page p of the list sorted by keys. An order that seeks is read as every
// list is (ListPage: page 1, the last page and linked pages cost the same at any size); several
// sort columns, or one of a joined table, are read by OFFSET over at most AdminCap rows.
func readChangeList[T any](cl changeList, keys []SortKey, p ListParams, what string) ([]T, Page, error) {
	total := cl.total
	if total == nil {
		total = CountCapped(cl.keys, AdminCap)
	}
	if o, ok := cl.order(keys); ok {
		rows := cl.joined(fresh(cl.keys).Model(new(T)))
		return ListPage[T](Listing{Keys: cl.keys, Order: o, Rows: rows, RowID: cl.rowID, Total: total}, p, what)
	}
	q := cl.joined(cl.keys.Session(&gorm.Session{}))
	return offsetPage[T](q, CountCapped(cl.keys, AdminCap), p, orderBy(cl.cols, keys, cl.def.sql(false, false)), what)
}

// joined adds the list's belongs-to joins to q.
func (cl changeList) joined(q *gorm.DB) *gorm.DB {
	for _, j := range cl.inner {
		q = q.InnerJoins(j)
	}
	for _, j := range cl.joins {
		q = q.Joins(j)
	}
	return q
}

// Counted is a row of a change list with a number counted for it: a book's copies, a genre's
// books, a group's members.
type Counted[T any] struct {
	Row T
	N   int64
}

// withCounts pairs rows with the number of rows of table whose column holds their id, counted
// in one statement for the whole page.
func withCounts[T any](db *gorm.DB, rows []T, id func(T) int64, table, column string) ([]Counted[T], error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = id(r)
	}
	counts, err := CountsBy(db.Statement.Context, db, table, column, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Counted[T], len(rows))
	for i, r := range rows {
		out[i] = Counted[T]{Row: r, N: counts[ids[i]]}
	}
	return out, nil
}

// CountsBy counts the rows of table per value of column, for the values ids, in one statement
// (none when ids is empty); values without rows are absent.
func CountsBy(ctx context.Context, db *gorm.DB, table, column string, ids []int64) (map[int64]int64, error) {
	byID := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return byID, nil
	}
	var counts []struct{ K, N int64 }
	err := db.WithContext(ctx).Table(table).Select(column+" AS k, count(*) AS n").Where(column+" IN ?", ids).Group(column).Scan(&counts).Error
	if err != nil {
		return nil, fmt.Errorf("count %s: %w", table, err)
	}
	for _, c := range counts {
		byID[c.K] = c.N
	}
	return byID, nil
}

// contains is the LIKE condition "expr holds text", ignoring case and accents (catalog_fold on
// both sides, as the search does).
func contains(expr string) string {
	return "catalog_fold(" + expr + `) LIKE '%' || catalog_fold(?) || '%' ESCAPE '\'`
}

// searchText trims a change list's ?q= text and cuts it at MaxQueryLength characters.
func searchText(q string) string {
	q = strings.TrimSpace(q)
	if r := []rune(q); len(r) > MaxQueryLength {
		q = string(r[:MaxQueryLength])
	}
	return q
}

// fresh is a new query on db's connection, for a subquery built inside a scope.
func fresh(db *gorm.DB) *gorm.DB { return db.Session(&gorm.Session{NewDB: true}) }

// modelCounters names the counters of each model the admin lists, for its dashboard.
var modelCounters = map[string][]string{
	"author": {counterAuthors}, "book": {counterBooks}, "bookinstance": copyCounters(), "genre": {counterGenres},
	"language": {counterLanguages}, "user": {counterUsers}, "group": {counterGroups}, "hold": {counterHolds},
}

// CountModels counts the rows of each model named ("book", "user", ...), for the admin's
// dashboard: one statement on the counters, whatever the size of the tables.
func CountModels(ctx context.Context, db *gorm.DB, names []string) (map[string]int64, error) {
	var counters []string
	owner := map[string]string{}
	for _, m := range names {
		cs, ok := modelCounters[m]
		if !ok {
			return nil, fmt.Errorf("count: unknown model %q", m)
		}
		for _, c := range cs {
			counters, owner[c] = append(counters, c), m
		}
	}
	counts := make(map[string]int64, len(names))
	if len(counters) == 0 {
		return counts, nil
	}
	var rows []struct {
		Name  string
		Value int64
	}
	err := db.WithContext(ctx).Raw("SELECT name, value FROM catalog_counter WHERE name IN ? AND parent_id = 0", counters).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("model counts: %w", err)
	}
	for _, r := range rows {
		counts[owner[r.Name]] += r.Value
	}
	return counts, nil
}
