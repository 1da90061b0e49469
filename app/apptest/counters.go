package apptest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"locallibrary/app/database"
)

// recount derives every counter from the rows, as the counters migration defines them, without
// the triggers: the truth the counters are checked against.
const recount = `
	          SELECT 'book' AS name, 0 AS parent_id, count(*) AS value FROM catalog_book
	UNION ALL SELECT 'author', 0, count(*) FROM catalog_author
	UNION ALL SELECT 'genre', 0, count(*) FROM catalog_genre
	UNION ALL SELECT 'language', 0, count(*) FROM catalog_language
	UNION ALL SELECT 'copy:' || status, 0, count(*) FROM catalog_bookinstance GROUP BY status
	UNION ALL SELECT 'book:author', author_id, count(*) FROM catalog_book GROUP BY author_id
	UNION ALL SELECT 'book:language', language_id, count(*) FROM catalog_book WHERE language_id IS NOT NULL GROUP BY language_id
	UNION ALL SELECT 'book:genre', genre_id, count(*) FROM catalog_book_genre GROUP BY genre_id
	UNION ALL SELECT 'loan:month', loan_month, count(*) FROM catalog_loan GROUP BY 2
	UNION ALL SELECT 'loan:book', book_id, count(*) FROM catalog_loan WHERE book_id IS NOT NULL GROUP BY book_id
	UNION ALL SELECT 'loan:due', due_day, count(*) FROM catalog_loan WHERE returned_at IS NULL GROUP BY due_back
	UNION ALL SELECT 'user', 0, count(*) FROM auth_user
	UNION ALL SELECT 'group', 0, count(*) FROM auth_group
	UNION ALL SELECT 'hold', 0, count(*) FROM catalog_hold`

// holdRecount derives the hold counters from the holds, as the hold counters migration defines
// them, written with month(column) and epoch(column).
const holdRecount = `
	UNION ALL SELECT 'hold:waiting', 0, count(*) FROM catalog_hold WHERE status = 'w'
	UNION ALL SELECT 'hold:placed', 0, coalesce(sum(epoch(placed_at)), 0) FROM catalog_hold WHERE status = 'w'
	UNION ALL SELECT 'hold:ready', month(ready_at), count(*) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2
	UNION ALL SELECT 'hold:wait', month(ready_at), sum(epoch(ready_at) - epoch(placed_at)) FROM catalog_hold WHERE ready_at IS NOT NULL GROUP BY 2`

// dueDay is an open loan's due date as days since 1970-01-01 in each dialect.
var dueDay = map[bool]string{true: "(due_back - DATE '1970-01-01')", false: "CAST(julianday(due_back) - 2440587.5 AS INTEGER)"}

// loanMonth is the month (yyyymm, UTC) of a loan's lent_at in each dialect.
var loanMonth = map[bool]string{true: "catalog_loan_month(lent_at)", false: "CAST(strftime('%Y%m', lent_at) AS INTEGER)"}

// holdFuncs are the month (yyyymm, UTC) and the seconds since the epoch of a time in each dialect.
var holdFuncs = map[bool]*strings.Replacer{
	true: strings.NewReplacer("month(ready_at)", "catalog_loan_month(ready_at)", "epoch(", "catalog_epoch("),
	false: strings.NewReplacer("month(ready_at)", "CAST(strftime('%Y%m', ready_at) AS INTEGER)",
		"epoch(placed_at)", "CAST(strftime('%s', placed_at) AS INTEGER)", "epoch(ready_at)", "CAST(strftime('%s', ready_at) AS INTEGER)"),
}

// derivedMismatches counts the rows whose derived columns differ from what they derive from.
var derivedMismatches = []struct{ what, sql string }{
	{"books whose author names differ from their author's", `SELECT count(*) FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id
		WHERE b.author_last_name <> a.last_name OR b.author_first_name <> a.first_name`},
	{"books whose search_text is not their folded title, author and ISBN", `SELECT count(*) FROM catalog_book b JOIN catalog_author a ON a.id = b.author_id
		WHERE b.search_text <> catalog_fold(b.title) || char(10) || catalog_fold(a.first_name || ' ' || a.last_name) || char(10) || lower(b.isbn)`},
	{"loans without their book", `SELECT count(*) FROM catalog_loan l JOIN catalog_bookinstance bi ON bi.id = l.bookinstance_id
		WHERE l.book_id IS NULL`},
	{"genre links whose sort keys differ from their book's", `SELECT count(*) FROM catalog_book_genre bg JOIN catalog_book b ON b.id = bg.book_id
		WHERE bg.book_title <> b.title OR bg.book_author_last_name <> b.author_last_name OR bg.book_author_first_name <> b.author_first_name`},
}

// CountersExact checks that every counter equals the count of its rows, and that the columns the
// triggers derive (sort keys, search text, SQLite's search index) match their sources.
func CountersExact(t testing.TB, db *database.DB) {
	t.Helper()
	ctx := context.Background()
	read := func(query string) map[string]int64 {
		rows, err := db.SQL.QueryContext(ctx, query)
		must(t, err)
		defer rows.Close()
		m := map[string]int64{}
		for rows.Next() {
			var name string
			var parent, value int64
			must(t, rows.Scan(&name, &parent, &value))
			if value != 0 {
				m[fmt.Sprintf("%s/%d", name, parent)] = value
			}
		}
		must(t, rows.Err())
		return m
	}
	want := read(strings.NewReplacer("loan_month", loanMonth[db.Postgres()], "due_day", dueDay[db.Postgres()]).Replace(recount) + holdFuncs[db.Postgres()].Replace(holdRecount))
	got := read("SELECT name, parent_id, value FROM catalog_counter")
	for _, k := range slices.Sorted(maps.Keys(mergeKeys(want, got))) {
		if got[k] != want[k] {
			t.Errorf("counter %s = %d, the rows count %d", k, got[k], want[k])
		}
	}
	for _, m := range derivedMismatches {
		q := m.sql
		if db.Postgres() {
			q = strings.ReplaceAll(q, "char(10)", "E'\\n'")
		}
		var n int64
		must(t, db.SQL.QueryRowContext(ctx, q).Scan(&n))
		if n != 0 {
			t.Errorf("%d %s", n, m.what)
		}
	}
	if !db.Postgres() {
		// FTS4 compares its index with the tokens of the rows it indexes.
		if _, err := db.SQL.ExecContext(ctx, "INSERT INTO catalog_book_fts (catalog_book_fts) VALUES ('integrity-check')"); err != nil {
			t.Errorf("search index out of step with the books: %v", err)
		}
	}
}

func mergeKeys(a, b map[string]int64) map[string]int64 {
	m := maps.Clone(a)
	for k := range b {
		m[k] = 0
	}
	return m
}
