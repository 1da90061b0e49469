// Package sessions keeps each browser's session in the database through Fiber's session store,
// on the PostgreSQL storage or the SQLite storage.
//
// Integrity: a session loaded from the table is written back only if its row is still there
// (UPDATE ... WHERE k = ?), so a logout, a login's id rotation or an expiry wins over every
// request in flight, on any number of processes; such a write is dropped and the cookie cleared,
// as Django's SessionInterrupted. Within one process the requests of one session are serialised
// from load to save, so none loses another's changes. Between processes the last writer wins:
// two requests of one browser served at the same instant by two processes may lose one visit of
// the counter, or a flash message; a stale copy can never bring back a deleted session or a
// login, and a password digest written back stale only ends that session (fail closed).
//
// Growth: a browser's first visit stores nothing — its cookie carries a signed "pending" id —
// and a row is written when the browser comes back with that cookie, having shown it keeps
// cookies. Rows of anonymous sessions live ANON_SESSION_TTL, of logged-in ones SESSION_TTL, and
// a sweep deletes expired rows every minute.
package sessions

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

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
	// keyVisits is the home page's visit counter (Django's num_visits). It holds the number the
	// next visit shows.
	keyVisits = "num_visits"
)

// SweepInterval is how often expired sessions are deleted.
const SweepInterval = time.Minute

// Manager owns the session store for one app.
type Manager struct {
	// store is a template: each request copies it with the table bound to its context.
	store   *session.Store
	table   *table
	pending pendingIDs
	locks   keyedLocks
	dropped atomic.Uint64
	log     *slog.Logger

	ttl, anonTTL, maxAge time.Duration
	secure               bool
	now                  func() time.Time

	stopSweep context.CancelFunc
	swept     chan struct{}
	closed    sync.Once
}

// New builds the session store on db, which must already have answered a ping and carry the
// sessions table: the storages panic otherwise. It starts the sweep of expired sessions.
func New(ctx context.Context, db *database.DB, cfg config.Config, log *slog.Logger) (*Manager, error) {
	t, err := newTable(ctx, db)
	if err != nil {
		return nil, err
	}
	store := session.New(session.Config{
		Expiration:     cfg.SessionTTL,
		KeyLookup:      "cookie:" + CookieName,
		CookiePath:     "/",
		CookieSecure:   cfg.CookieSecure,
		CookieHTTPOnly: true,
		CookieSameSite: "Lax",
		KeyGenerator:   NewID,
	})
	sweepCtx, stop := context.WithCancel(context.Background())
	m := &Manager{store: store, table: t, log: log,
		pending: pendingIDs{key: []byte("locallibrary.sessions.pending:" + cfg.SecretKey)},
		ttl:     cfg.SessionTTL, anonTTL: cfg.AnonSessionTTL, maxAge: cfg.SessionMaxAge, secure: cfg.CookieSecure,
		now: time.Now, stopSweep: stop, swept: make(chan struct{})}
	go m.sweepEvery(sweepCtx, SweepInterval)
	return m, nil
}

// Sweep deletes the expired sessions now and returns how many it deleted.
func (m *Manager) Sweep(ctx context.Context) (int64, error) {
	return m.table.sweepExpired(ctx, m.now())
}

func (m *Manager) sweepEvery(ctx context.Context, every time.Duration) {
	defer close(m.swept)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			run, cancel := context.WithTimeout(ctx, every/2)
			if _, err := m.Sweep(run); err != nil {
				m.log.Warn("session sweep", "err", err)
			}
			cancel()
		}
	}
}

// DroppedSaves returns how many session writes were dropped because the session had been
// deleted, rotated or had expired while the request ran.
func (m *Manager) DroppedSaves() uint64 { return m.dropped.Load() }

// Close stops the sweep and the storage. On Postgres the storage closes the shared pool too, so
// it runs last at shutdown. Only the first call does anything: the storages block on a second.
func (m *Manager) Close() error {
	var err error
	m.closed.Do(func() {
		m.stopSweep()
		<-m.swept
		err = m.table.lib.Close()
	})
	return err
}

// Storage returns the sessions table as a key-value storage, for tests to read sessions.
func (m *Manager) Storage() fiber.Storage { return bound{t: m.table, ctx: context.Background()} }
