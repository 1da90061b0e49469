// Package database opens LocalLibrary's database — PostgreSQL, or the embedded SQLite file — and
// runs its migrations.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"locallibrary/config"
)

// Dialects, named as goose names them.
const (
	Postgres = "postgres"
	SQLite   = "sqlite3"
)

// DB is an open database: GORM for queries, plus what sessions, migrations and bulk loads need.
type DB struct {
	Gorm    *gorm.DB
	SQL     *sql.DB
	Dialect string
	// Pool is the pgx pool behind SQL on Postgres (nil on SQLite), shared with the session storage.
	Pool *pgxpool.Pool
	// SQLiteDSN is the data source the SQLite session storage opens (empty on Postgres).
	SQLiteDSN string
}

// Open connects to the database the configuration names and checks that it answers. Its
// connections carry limits derived from cfg.RequestTimeout (none when it is zero).
func Open(ctx context.Context, cfg config.Config) (*DB, error) {
	if cfg.Postgres() {
		return openPostgres(ctx, cfg)
	}
	return openSQLite(ctx, cfg.SQLitePath, busyTimeout(cfg.RequestTimeout))
}

func openPostgres(ctx context.Context, cfg config.Config) (*DB, error) {
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("database: DATABASE_URL: %w", err)
	}
	pc.MaxConns = int32(cfg.DBMaxConns)
	pc.MinConns = min(int32(cfg.DBMaxConns), 2)
	pc.MaxConnIdleTime = 5 * time.Minute
	setLimits(pc.ConnConfig, cfg.RequestTimeout)
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: cannot reach PostgreSQL at %s: %w", redact(cfg.DatabaseURL), err)
	}
	// database/sql holds no idle connections of its own here: the pgx pool manages them.
	sqlDB := stdlib.OpenDBFromPool(pool)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), gormConfig())
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: %w", err)
	}
	return &DB{Gorm: g, SQL: sqlDB, Dialect: Postgres, Pool: pool}, nil
}

func openSQLite(ctx context.Context, path string, busy time.Duration) (*DB, error) {
	// WAL lets readers and the writer proceed together; the busy timeout makes concurrent writers
	// (several processes, or the session storage beside GORM) wait instead of failing.
	dsn := fmt.Sprintf("file:%s?_journal_mode=WAL&_busy_timeout=%d&_foreign_keys=1&_synchronous=NORMAL&_txlock=immediate",
		path, busy.Milliseconds())
	registerSQLiteDriver.Do(func() {
		sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
			if err := c.RegisterFunc("casefold", strings.ToLower, true); err != nil {
				return err
			}
			return c.RegisterFunc("catalog_fold", Fold, true)
		}})
	})
	g, err := gorm.Open(sqlite.New(sqlite.Config{DriverName: sqliteDriver, DSN: dsn}), gormConfig())
	if err != nil {
		return nil, fmt.Errorf("database: open %s: %w", path, err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, fmt.Errorf("database: %w", err)
	}
	sqlDB.SetMaxOpenConns(8)
	sqlDB.SetMaxIdleConns(8)
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("database: cannot open SQLite file %s: %w", path, err)
	}
	return &DB{Gorm: g, SQL: sqlDB, Dialect: SQLite, SQLiteDSN: dsn}, nil
}

// sqliteDriver is go-sqlite3 with the casefold and catalog_fold functions that PostgreSQL gets
// from the migrations.
const sqliteDriver = "sqlite3_locallibrary"

var registerSQLiteDriver sync.Once

func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
}

// Close releases the connections.
func (db *DB) Close() error {
	err := db.SQL.Close()
	if db.Pool != nil {
		db.Pool.Close()
	}
	return err
}

// Postgres reports whether this is a PostgreSQL database.
func (db *DB) Postgres() bool { return db.Dialect == Postgres }

// redact hides the password of a database URL for messages.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.RawQuery = ""
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// ErrNotMigrated is returned when the schema is behind the migrations built into the binary.
var ErrNotMigrated = errors.New("database schema is behind")
