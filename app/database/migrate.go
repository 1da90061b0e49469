package database

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"locallibrary/migrations"
)

// Migrator applies the SQL migrations embedded in the binary to one database.
type Migrator struct {
	provider *goose.Provider
}

// NewMigrator prepares the migrations of db's dialect embedded in the binary.
func NewMigrator(db *DB) (*Migrator, error) {
	return NewMigratorFS(db, migrations.FS)
}

// NewMigratorFS prepares the migrations found in root's postgres/ or sqlite/ folder.
func NewMigratorFS(db *DB, root fs.FS) (*Migrator, error) {
	fsys, err := fs.Sub(root, folder(db.Dialect))
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var opts []goose.ProviderOption
	if db.Postgres() {
		// An advisory lock keeps two starting web processes from migrating at once.
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(goose.Dialect(db.Dialect), db.SQL, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{provider: p}, nil
}

func folder(dialect string) string {
	if dialect == Postgres {
		return "postgres"
	}
	return "sqlite"
}

// Up applies every pending migration, printing each step to out. A failing migration is rolled
// back and the error names its file.
func (m *Migrator) Up(ctx context.Context, out io.Writer) error {
	results, err := m.provider.Up(ctx)
	printResults(out, results)
	return migrationError("up", err)
}

// DownTo rolls back migrations until version is the newest applied one (0 removes them all).
func (m *Migrator) DownTo(ctx context.Context, version int64, out io.Writer) error {
	results, err := m.provider.DownTo(ctx, version)
	printResults(out, results)
	return migrationError("down", err)
}

// Down rolls back the newest applied migration.
func (m *Migrator) Down(ctx context.Context, out io.Writer) error {
	res, err := m.provider.Down(ctx)
	if res != nil && res.Error == nil {
		fmt.Fprintln(out, res)
	}
	if errors.Is(err, goose.ErrNoNextVersion) {
		fmt.Fprintln(out, "no migrations to roll back")
		return nil
	}
	return migrationError("down", err)
}

// Status prints each migration with whether it has been applied.
func (m *Migrator) Status(ctx context.Context, out io.Writer) error {
	statuses, err := m.provider.Status(ctx)
	if err != nil {
		return fmt.Errorf("migrate status: %w", err)
	}
	for _, s := range statuses {
		when := "pending"
		if s.State == goose.StateApplied {
			when = "applied " + s.AppliedAt.UTC().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(out, "%-28s %s\n", filepath.Base(s.Source.Path), when)
	}
	return nil
}

// Pending reports how many migrations have not been applied yet.
func (m *Migrator) Pending(ctx context.Context) (int, error) {
	statuses, err := m.provider.Status(ctx)
	if err != nil {
		return 0, fmt.Errorf("migrate status: %w", err)
	}
	n := 0
	for _, s := range statuses {
		if s.State == goose.StatePending {
			n++
		}
	}
	return n, nil
}

// EnsureSchema readies db's schema before it is used: with runMigrations it applies the pending
// migrations (printing each step to out), otherwise it refuses a schema that is behind the
// binary's migrations with ErrNotMigrated. The server and every command that reads or writes
// data start with it.
func EnsureSchema(ctx context.Context, db *DB, runMigrations bool, out io.Writer) error {
	m, err := NewMigrator(db)
	if err != nil {
		return err
	}
	if runMigrations {
		return m.Up(ctx, out)
	}
	return m.EnsureCurrent(ctx)
}

// EnsureCurrent returns ErrNotMigrated, with the count, when migrations are pending.
func (m *Migrator) EnsureCurrent(ctx context.Context) error {
	n, err := m.Pending(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w: %d migration(s) pending; run `locallibrary migrate up` or set RUN_MIGRATIONS=1", ErrNotMigrated, n)
	}
	return nil
}

func printResults(out io.Writer, results []*goose.MigrationResult) {
	for _, r := range results {
		if r.Error == nil {
			fmt.Fprintln(out, r)
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(out, "no migrations to apply")
	}
}

func migrationError(dir string, err error) error {
	if err == nil {
		return nil
	}
	var partial *goose.PartialError
	if errors.As(err, &partial) && partial.Failed != nil && partial.Failed.Source != nil {
		return fmt.Errorf("migrate %s: %s failed and was rolled back: %w",
			dir, filepath.Base(partial.Failed.Source.Path), partial.Err)
	}
	return fmt.Errorf("migrate %s: %w", dir, err)
}

var migrationName = regexp.MustCompile(`^[a-z0-9_]+$`)

// Create writes an empty pair of migrations NNNNN_name.sql, one per dialect, under dir
// (the migrations/ folder of a source checkout), and returns their paths.
func Create(dir, name string) ([]string, error) {
	name = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(name), " ", "_"))
	if !migrationName.MatchString(name) {
		return nil, fmt.Errorf("migrate create: name %q must be letters, digits and underscores", name)
	}
	next := int64(1)
	for _, sub := range []string{"postgres", "sqlite"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			return nil, fmt.Errorf("migrate create: %w (run it from the source checkout)", err)
		}
		for _, e := range entries {
			if v, err := strconv.ParseInt(strings.SplitN(e.Name(), "_", 2)[0], 10, 64); err == nil && v >= next {
				next = v + 1
			}
		}
	}
	var paths []string
	for _, sub := range []string{"postgres", "sqlite"} {
		p := filepath.Join(dir, sub, fmt.Sprintf("%05d_%s.sql", next, name))
		body := "-- " + strings.ReplaceAll(name, "_", " ") + "\n\n-- +goose Up\n\n-- +goose Down\n"
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return paths, fmt.Errorf("migrate create: %w", err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
