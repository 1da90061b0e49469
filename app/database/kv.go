package database

import (
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
	pgstorage "github.com/gofiber/storage/postgres/v3"
	sqlitestorage "github.com/gofiber/storage/sqlite3/v2"
)

// KV returns Fiber's key-value storage on table, which a migration has created with the
// storages' columns (k, v, e): the PostgreSQL storage on the shared pool, or the SQLite storage
// on the same file. Expired rows are swept every gc. The storages create or drop nothing here
// (Reset is false) but panic on a missing table, so its absence is reported first.
//
// Closing the PostgreSQL storage closes the shared pool too: close it with the database.
func (db *DB) KV(ctx context.Context, table string, gc time.Duration) (fiber.Storage, error) {
	if !db.Postgres() {
		if !db.Gorm.WithContext(ctx).Migrator().HasTable(table) {
			return nil, fmt.Errorf("table %s is missing: %w", table, ErrNotMigrated)
		}
		return sqlitestorage.New(sqlitestorage.Config{Database: db.SQLiteDSN, Table: table, Reset: false, GCInterval: gc,
			MaxOpenConns: 4, MaxIdleConns: 4, ConnMaxLifetime: time.Hour}), nil
	}
	var schema string
	var exists bool
	err := db.Pool.QueryRow(ctx, "SELECT current_schema(), to_regclass(current_schema() || '.' || $1) IS NOT NULL", table).Scan(&schema, &exists)
	if err != nil {
		return nil, fmt.Errorf("table %s: %w", table, err)
	}
	if !exists {
		return nil, fmt.Errorf("table %s.%s is missing: %w", schema, table, ErrNotMigrated)
	}
	// The storage looks the table up in "public" unless the name carries its schema.
	return pgstorage.New(pgstorage.Config{DB: db.Pool, Table: schema + "." + table, Reset: false, GCInterval: gc}), nil
}
