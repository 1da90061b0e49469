package sessions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	pgstorage "github.com/gofiber/storage/postgres/v3"
	sqlitestorage "github.com/gofiber/storage/sqlite3/v2"

	"locallibrary/app/database"
)

// table is the sessions table. The library storages read and delete rows; writes are our own
// statements, because the storages' Set is an upsert: a request that loaded a session before a
// logout would write it back. Every statement runs under the caller's context.
type table struct {
	lib                   libStorage
	db                    *sql.DB
	insert, update, sweep string
}

// libStorage is what both library storages offer beside fiber.Storage: reads and deletes under
// a context.
type libStorage interface {
	GetWithContext(ctx context.Context, key string) ([]byte, error)
	DeleteWithContext(ctx context.Context, key string) error
	Close() error
}

// sweepBatch bounds the rows one sweep statement deletes, so that purging a backlog never holds
// a long lock.
const sweepBatch = 1000

// libraryGCOff is the storages' own expiry sweep interval: never, in effect. Their sweep runs
// without a deadline, so a hung database would hang it and then their Close; ours is bounded.
const libraryGCOff = 100 * 365 * 24 * time.Hour

func newTable(ctx context.Context, db *database.DB) (*table, error) {
	if !db.Postgres() {
		lib := sqlitestorage.New(sqlitestorage.Config{Database: db.SQLiteDSN, Table: Table, Reset: false,
			GCInterval: libraryGCOff, MaxOpenConns: 4, MaxIdleConns: 4, ConnMaxLifetime: time.Hour})
		return newStatements(lib, db.SQL, Table, func(q string) string { return q }), nil
	}
	var schema string
	if err := db.Pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	var exists bool
	if err := db.Pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", schema+"."+Table).Scan(&exists); err != nil {
		return nil, fmt.Errorf("sessions: %w", err)
	}
	if !exists {
		return nil, fmt.Errorf("sessions: table %s.%s is missing: %w", schema, Table, database.ErrNotMigrated)
	}
	// The storage looks the table up in "public" unless the name carries its schema.
	name := schema + "." + Table
	lib := pgstorage.New(pgstorage.Config{DB: db.Pool, Table: name, Reset: false, GCInterval: libraryGCOff})
	return newStatements(lib, db.SQL, name, dollars), nil
}

// newStatements writes the statements on table name; bind turns their ? placeholders into the
// dialect's.
func newStatements(lib libStorage, db *sql.DB, name string, bind func(string) string) *table {
	q := func(s string) string { return bind(strings.ReplaceAll(s, "{t}", name)) }
	return &table{
		lib: lib,
		db:  db,
		// Ids are 256 random bits made here: a conflict would mean a broken random source.
		insert: q("INSERT INTO {t} (k, v, e) VALUES (?, ?, ?) ON CONFLICT (k) DO NOTHING"),
		// Only a row still there and not expired is written: a deleted, rotated or expired
		// session stays gone.
		update: q("UPDATE {t} SET v = ?, e = ? WHERE k = ? AND (e = 0 OR e > ?)"),
		sweep:  q(fmt.Sprintf("DELETE FROM {t} WHERE k IN (SELECT k FROM {t} WHERE e <> 0 AND e <= ? LIMIT %d)", sweepBatch)),
	}
}

// dollars numbers the ? placeholders of q as PostgreSQL's $1, $2, ...
func dollars(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// expiry is the e column for a row that lives ttl from now (Unix seconds, as the storages).
func expiry(now time.Time, ttl time.Duration) int64 { return now.Add(ttl).Unix() }

// insertRow stores a new session.
func (t *table) insertRow(ctx context.Context, id string, v []byte, e int64) error {
	res, err := t.db.ExecContext(ctx, t.insert, id, v, e)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("session id %.8s... already taken (rows %d, %v)", id, n, err)
	}
	return nil
}

// updateRow rewrites a session loaded earlier; it reports false when the row has gone meanwhile
// (logout, login elsewhere, expiry), and then writes nothing.
func (t *table) updateRow(ctx context.Context, id string, v []byte, e int64, now time.Time) (bool, error) {
	res, err := t.db.ExecContext(ctx, t.update, v, e, id, now.Unix())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// sweepExpired deletes expired rows, a batch at a time, until none is left or ctx ends.
func (t *table) sweepExpired(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	for {
		res, err := t.db.ExecContext(ctx, t.sweep, now.Unix())
		if err != nil {
			return total, err
		}
		n, err := res.RowsAffected()
		total += n
		if err != nil || n < sweepBatch {
			return total, err
		}
	}
}

// bound is the table as a fiber.Storage for one request's session store: its reads and deletes
// run under ctx. Fiber's Session.Save, which would upsert, is never called.
type bound struct {
	t   *table
	ctx context.Context
}

var errNoUpsert = errors.New("sessions: Manager writes sessions, not fiber's Session.Save")

func (b bound) Get(key string) ([]byte, error) { return b.t.lib.GetWithContext(b.ctx, key) }
func (b bound) Delete(key string) error        { return b.t.lib.DeleteWithContext(b.ctx, key) }
func (b bound) Set(string, []byte, time.Duration) error {
	return errNoUpsert
}
func (b bound) Reset() error { return errNoUpsert }
func (b bound) Close() error { return nil }

var _ fiber.Storage = bound{}
