// Package apptest gives tests a fresh real database — the embedded SQLite file, and PostgreSQL when
// TEST_DATABASE_URL is set — and a fully wired app to talk HTTP to.
package apptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/database"
	"locallibrary/config"
)

// Dialect names as subtest names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Dialects lists the databases available to this test run: SQLite always, PostgreSQL when
// TEST_DATABASE_URL is set. With LOCALLIBRARY_REQUIRE_POSTGRES=1 a missing URL fails the test.
func Dialects(t testing.TB) []string {
	t.Helper()
	if os.Getenv("TEST_DATABASE_URL") != "" {
		return []string{SQLite, Postgres}
	}
	if os.Getenv("LOCALLIBRARY_REQUIRE_POSTGRES") == "1" {
		t.Fatal("LOCALLIBRARY_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
	}
	return []string{SQLite}
}

// Each runs fn as a parallel subtest per dialect.
func Each(t *testing.T, fn func(t *testing.T, dialect string)) {
	t.Helper()
	for _, d := range Dialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			fn(t, d)
		})
	}
}

// Config returns the configuration of a test app on a fresh, empty database of dialect: its own
// SQLite file, or its own PostgreSQL schema, dropped when the test ends. Migrations run at start.
func Config(t testing.TB, dialect string) config.Config {
	t.Helper()
	env := map[string]string{
		"SECRET_KEY":     "test-secret-key-0123456789-abcdefghijklmnop",
		"RUN_MIGRATIONS": "1",
		"DEBUG":          "0",
	}
	switch dialect {
	case SQLite:
		env["DATABASE_URL"] = "sqlite:" + filepath.Join(t.TempDir(), "db.sqlite3")
	case Postgres:
		env["DATABASE_URL"] = freshSchema(t)
	default:
		t.Fatalf("unknown dialect %q", dialect)
	}
	cfg, err := config.Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// freshSchema creates an empty schema in the TEST_DATABASE_URL database and returns a URL whose
// connections use it (and "public", where shared extensions live).
func freshSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		t.Fatal("TEST_DATABASE_URL is not set")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// OpenDB opens cfg's database and closes it when the test ends.
func OpenDB(t testing.TB, cfg config.Config) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Logger discards logs unless LOCALLIBRARY_TEST_LOG=1.
func Logger() *slog.Logger {
	if os.Getenv("LOCALLIBRARY_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
