package database_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/mattn/go-sqlite3"

	"locallibrary/app/apptest"
	"locallibrary/app/database"
	"locallibrary/models"
)

func TestPostgresConnectionsCarryLimits(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	base := apptest.Config(t, apptest.Postgres)
	tests := []struct {
		name    string
		timeout time.Duration
		params  string
		want    map[string]string
	}{
		{"derived from REQUEST_TIMEOUT", 10 * time.Second, "", map[string]string{
			"statement_timeout": "10s", "lock_timeout": "5s", "idle_in_transaction_session_timeout": "10s",
			"application_name": "locallibrary", "jit": "off", "plan_cache_mode": "force_custom_plan"}},
		{"set in DATABASE_URL", 10 * time.Second, "&statement_timeout=30000&application_name=library-web&jit=on", map[string]string{
			"statement_timeout": "30s", "lock_timeout": "5s", "application_name": "library-web", "jit": "on"}},
		{"none for the commands", 0, "", map[string]string{
			"statement_timeout": "0", "lock_timeout": "0", "idle_in_transaction_session_timeout": "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			cfg.RequestTimeout = tt.timeout
			cfg.DatabaseURL += tt.params
			db := apptest.OpenDB(t, cfg)
			for name, want := range tt.want {
				var got string
				if err := db.Pool.QueryRow(context.Background(), "SHOW "+name).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("%s = %s, want %s", name, got, want)
				}
			}
			if got := db.Pool.Config().ConnConfig.ConnectTimeout; got != database.DefaultConnectTimeout {
				t.Errorf("connect timeout %s, want %s", got, database.DefaultConnectTimeout)
			}
		})
	}
}

func TestSQLiteWaitsForLocksWithinTheDeadline(t *testing.T) {
	for _, tt := range []struct {
		timeout time.Duration
		want    string
	}{{10 * time.Second, "_busy_timeout=5000&"}, {0, "_busy_timeout=10000&"}} {
		cfg := apptest.Config(t, apptest.SQLite)
		cfg.RequestTimeout = tt.timeout
		if db := apptest.OpenDB(t, cfg); !strings.Contains(db.SQLiteDSN, tt.want) {
			t.Errorf("REQUEST_TIMEOUT %s: DSN %s, want %s", tt.timeout, db.SQLiteDSN, tt.want)
		}
	}
}

func TestUnavailable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("book list: %w", err) }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"deadline", wrap(context.DeadlineExceeded), true},
		{"cancelled", wrap(context.Canceled), true},
		{"statement timeout", wrap(&pgconn.PgError{Code: "57014"}), true},
		{"lock timeout", wrap(&pgconn.PgError{Code: "55P03"}), true},
		{"idle transaction timeout", &pgconn.PgError{Code: "25P03"}, true},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, true},
		{"server starting", &pgconn.PgError{Code: "57P03"}, true},
		{"too many connections", &pgconn.PgError{Code: "53300"}, true},
		{"connection failure", &pgconn.PgError{Code: "08006"}, true},
		{"connection dropped", wrap(io.ErrUnexpectedEOF), true},
		{"conn closed", wrap(pgconn.ErrConnClosed), true},
		{"refused", wrap(&net.OpError{Op: "dial", Err: errors.New("connection refused")}), true},
		{"SQLite busy", wrap(sqlite3.Error{Code: sqlite3.ErrBusy}), true},
		{"SQLite locked", sqlite3.Error{Code: sqlite3.ErrLocked}, true},
		{"not found", wrap(models.ErrNotFound), false},
		{"unique violation", wrap(&pgconn.PgError{Code: "23505"}), false},
		{"invalid UTF-8", &pgconn.PgError{Code: "22021"}, false},
		{"SQLite constraint", sqlite3.Error{Code: sqlite3.ErrConstraint}, false},
		{"a bug", errors.New("template: no such function"), false},
		{"nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := database.Unavailable(tt.err); got != tt.want {
				t.Errorf("Unavailable(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
