package apptest

import (
	"context"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app/database"
)

// Statement is one SQL statement GORM sent, with its arguments.
type Statement struct {
	SQL  string
	Vars []any
}

// Recorder keeps the statements GORM sends on a database while it is on.
type Recorder struct {
	mu    sync.Mutex
	on    bool
	stmts []Statement
}

// RecordStatements installs a recorder on db; Start and Stop bracket what it keeps.
func RecordStatements(t testing.TB, db *gorm.DB) *Recorder {
	t.Helper()
	r := &Recorder{}
	keep := func(tx *gorm.DB) {
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.on && tx.Error == nil && !tx.DryRun {
			r.stmts = append(r.stmts, Statement{SQL: tx.Statement.SQL.String(), Vars: append([]any(nil), tx.Statement.Vars...)})
		}
	}
	cb := db.Callback()
	must(t, cb.Query().After("gorm:query").Register("apptest:record", keep))
	must(t, cb.Row().After("gorm:row").Register("apptest:record", keep))
	must(t, cb.Raw().After("gorm:raw").Register("apptest:record", keep))
	return r
}

// Start forgets what was kept and starts keeping statements.
func (r *Recorder) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on, r.stmts = true, nil
}

// Stop stops keeping statements and returns those kept since Start.
func (r *Recorder) Stop() []Statement {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.on = false
	return r.stmts
}

// Explain returns the database's plan for st: PostgreSQL's EXPLAIN, SQLite's EXPLAIN QUERY PLAN
// (one line per step, without the step ids). With pricedOut, PostgreSQL plans as if sequential
// scans cost too much to choose (SQLite always prefers an index): a test catalog of a few
// thousand rows is small enough for a whole-table read to be the cheaper plan, where a large one
// is not, so a plan that still reads a table whole is one that no index can serve.
func Explain(t testing.TB, db *database.DB, st Statement, pricedOut bool) string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.SQL.BeginTx(ctx, nil)
	must(t, err)
	defer tx.Rollback()
	prefix, cols := "EXPLAIN ", 1
	if !db.Postgres() {
		prefix, cols = "EXPLAIN QUERY PLAN ", 4
	} else if pricedOut {
		_, err := tx.ExecContext(ctx, "SET LOCAL enable_seqscan = off")
		must(t, err)
	}
	rows, err := tx.QueryContext(ctx, prefix+st.SQL, st.Vars...)
	if err != nil {
		t.Fatalf("explain %s: %v", st.SQL, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		vals := make([]any, cols)
		ptrs := make([]any, cols)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		must(t, rows.Scan(ptrs...))
		lines = append(lines, toString(vals[cols-1]))
	}
	must(t, rows.Err())
	return strings.Join(lines, "\n")
}

func toString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	}
	return ""
}
