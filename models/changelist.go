package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"gorm.io/gorm"
)

// Column is a column of an admin change list: its header and the SQL expressions it sorts by
// (none when the list cannot be sorted by it).
type Column struct {
	Label string
	Sort  []string
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
// the id so that pages never overlap. Empty values sort last either way, on both databases.
func orderBy(cols []Column, keys []SortKey, def string) string {
	var parts []string
	for _, k := range keys {
		for _, expr := range cols[k.Column].Sort {
			if k.Desc {
				expr += " DESC"
			}
			parts = append(parts, expr+" NULLS LAST")
		}
	}
	return strings.Join(append(parts, def), ", ")
}

// changeList reads page p of q's rows in the order of keys over cols (then def), with the
// belongs-to joins named: the body of every admin list.
func changeList[T any](q *gorm.DB, p ListParams, cols []Column, keys []SortKey, def, what string, joins ...string) ([]T, Page, error) {
	return offsetPage[T](q, p, orderBy(cols, keys, def), what, joins...)
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

// modelTables names the table of each model the admin lists.
var modelTables = map[string]string{
	"author": "catalog_author", "book": "catalog_book", "bookinstance": "catalog_bookinstance", "genre": "catalog_genre",
	"language": "catalog_language", "user": "auth_user", "group": "auth_group", "hold": "catalog_hold",
}

// CountAll counts the rows of model ("book", "user", ...), for the admin's dashboard.
func CountAll(ctx context.Context, db *gorm.DB, model string) (int64, error) {
	table, ok := modelTables[model]
	if !ok {
		return 0, fmt.Errorf("count: unknown model %q", model)
	}
	var n int64
	if err := db.WithContext(ctx).Table(table).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count %s: %w", table, err)
	}
	return n, nil
}
