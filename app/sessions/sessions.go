// Package sessions keeps each browser's session in the database through Fiber's session store:
// the PostgreSQL storage on Postgres, the SQLite storage on the embedded default.
package sessions

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	pgstorage "github.com/gofiber/storage/postgres/v3"
	sqlitestorage "github.com/gofiber/storage/sqlite3/v2"

	"locallibrary/app/database"
	"locallibrary/config"
)

// CookieName is the session cookie, named as Django names it.
const CookieName = "sessionid"

// Table is the storage table created by the sessions migration.
const Table = "sessions"

// Keys kept in every session besides the page's own values.
const (
	keyCreated  = "_created"
	keyTouched  = "_touched"
	keyUserID   = "_auth_user_id"
	keyAuthHash = "_auth_user_hash"
	keyFlash    = "_messages"
)

// Manager owns the session store for one app.
type Manager struct {
	store   *session.Store
	storage fiber.Storage
	ttl     time.Duration
	maxAge  time.Duration
	now     func() time.Time
	closed  sync.Once
}

// New builds the session store on db, which must already have answered a ping and carry the
// sessions table: the storages panic otherwise.
func New(ctx context.Context, db *database.DB, cfg config.Config) (*Manager, error) {
	storage, err := newStorage(ctx, db)
	if err != nil {
		return nil, err
	}
	store := session.New(session.Config{
		Expiration:     cfg.SessionTTL,
		Storage:        storage,
		KeyLookup:      "cookie:" + CookieName,
		CookiePath:     "/",
		CookieSecure:   cfg.CookieSecure,
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		KeyGenerator:   NewID,
	})
	return &Manager{store: store, storage: storage, ttl: cfg.SessionTTL, maxAge: cfg.SessionMaxAge, now: time.Now}, nil
}

func newStorage(ctx context.Context, db *database.DB) (fiber.Storage, error) {
	if db.Postgres() {
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
		return pgstorage.New(pgstorage.Config{DB: db.Pool, Table: schema + "." + Table, Reset: false, GCInterval: time.Minute}), nil
	}
	return sqlitestorage.New(sqlitestorage.Config{Database: db.SQLiteDSN, Table: Table, Reset: false, GCInterval: time.Minute,
		MaxOpenConns: 4, MaxIdleConns: 4, ConnMaxLifetime: time.Hour}), nil
}

// requestStore is the store for one request: its storage counts each statement it sends into
// the request's statement count (the storage API takes no context). The session keeps this
// store for its save.
func (m *Manager) requestStore(c *fiber.Ctx) *session.Store {
	st := *m.store
	st.Storage = countingStorage{Storage: m.storage, ctx: c.UserContext()}
	return &st
}

// countingStorage counts the statements of a session storage into the count ctx carries: both
// storages send one per Get, Set and Delete, and none for an empty key or value.
type countingStorage struct {
	fiber.Storage
	ctx context.Context
}

func (s countingStorage) Get(key string) ([]byte, error) {
	if key != "" {
		database.CountStatement(s.ctx)
	}
	return s.Storage.Get(key)
}

func (s countingStorage) Set(key string, val []byte, exp time.Duration) error {
	if key != "" && len(val) > 0 {
		database.CountStatement(s.ctx)
	}
	return s.Storage.Set(key, val, exp)
}

func (s countingStorage) Delete(key string) error {
	if key != "" {
		database.CountStatement(s.ctx)
	}
	return s.Storage.Delete(key)
}

// NewID returns a session id of 256 random bits, URL-safe.
func NewID() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("sessions: no randomness: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Close stops the storage's expiry sweeper. On Postgres it also closes the shared pool, so it
// runs last at shutdown. Only the first call does anything: the storages block on a second one.
func (m *Manager) Close() error {
	var err error
	m.closed.Do(func() { err = m.storage.Close() })
	return err
}

// Storage returns the underlying key-value storage (tests read and age sessions through it).
func (m *Manager) Storage() fiber.Storage { return m.storage }
