package database_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"gorm.io/gorm/schema"

	"locallibrary/app/apptest"
	"locallibrary/app/database"
	"locallibrary/app/sessions"
	"locallibrary/models"
)

// allModels lists every model whose fields must have columns.
var allModels = []any{
	&models.Author{}, &models.Genre{}, &models.Language{}, &models.Book{}, &models.BookInstance{},
	&models.User{}, &models.Group{}, &models.Permission{}, &models.Loan{}, &models.LoginFailure{}, &models.LogEntry{},
}

func TestMigrateUpDownUp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		db := apptest.OpenDB(t, cfg)
		m, err := database.NewMigrator(db)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		var out bytes.Buffer
		if err := m.Up(ctx, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "OK    up 00001_auth.sql") {
			t.Errorf("up should print each step, got:\n%s", out.String())
		}
		assertColumns(t, db)
		if n, err := m.Pending(ctx); err != nil || n != 0 {
			t.Fatalf("pending after up: %d, %v", n, err)
		}

		out.Reset()
		if err := m.DownTo(ctx, 0, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "down 00001_auth.sql") {
			t.Errorf("down should print each step, got:\n%s", out.String())
		}
		for _, table := range []string{"catalog_book", "catalog_bookinstance", "auth_user", sessions.Table} {
			if db.Gorm.Migrator().HasTable(table) {
				t.Errorf("table %s still there after migrating down to 0", table)
			}
		}
		if err := m.Up(ctx, &out); err != nil {
			t.Fatalf("up again: %v", err)
		}
		assertColumns(t, db)

		out.Reset()
		if err := m.Status(ctx, &out); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "pending") || !strings.Contains(out.String(), "00003_sessions.sql") {
			t.Errorf("status:\n%s", out.String())
		}
	})
}

func assertColumns(t *testing.T, db *database.DB) {
	t.Helper()
	cache := &sync.Map{}
	for _, model := range allModels {
		s, err := schema.Parse(model, cache, db.Gorm.NamingStrategy)
		if err != nil {
			t.Fatal(err)
		}
		cols, err := db.Gorm.Migrator().ColumnTypes(model)
		if err != nil {
			t.Fatalf("%s: %v", s.Table, err)
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c.Name()] = true
		}
		for _, f := range s.Fields {
			if f.DBName != "" && !have[f.DBName] {
				t.Errorf("table %s has no column %s for %s.%s", s.Table, f.DBName, s.Name, f.Name)
			}
		}
		for _, rel := range s.Relationships.Many2Many {
			if !db.Gorm.Migrator().HasTable(rel.JoinTable.Table) {
				t.Errorf("join table %s of %s.%s is missing", rel.JoinTable.Table, s.Name, rel.Name)
			}
		}
	}
}

func TestFailedMigrationRollsBackAndNamesFile(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := apptest.OpenDB(t, apptest.Config(t, dialect))
		folder := map[string]string{apptest.SQLite: "sqlite", apptest.Postgres: "postgres"}[dialect]
		fsys := fstest.MapFS{
			folder + "/00001_good.sql": {Data: []byte("-- +goose Up\nCREATE TABLE good (id integer);\n-- +goose Down\nDROP TABLE good;\n")},
			folder + "/00002_broken.sql": {Data: []byte("-- +goose Up\nCREATE TABLE half (id integer);\n" +
				"INSERT INTO no_such_table VALUES (1);\n-- +goose Down\nDROP TABLE half;\n")},
		}
		m, err := database.NewMigratorFS(db, fsys)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		err = m.Up(ctx, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), "00002_broken.sql") {
			t.Fatalf("error should name the failed file: %v", err)
		}
		if !db.Gorm.Migrator().HasTable("good") {
			t.Error("the migration before the failure should stay applied")
		}
		if db.Gorm.Migrator().HasTable("half") {
			t.Error("the failed migration was not rolled back")
		}
		if n, err := m.Pending(ctx); err != nil || n != 1 {
			t.Errorf("pending after failure: %d, %v (want 1)", n, err)
		}
	})
}

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"postgres", "sqlite"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, sub, "00007_old.sql"), []byte("-- +goose Up\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	paths, err := database.Create(dir, "Add loans")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{dir + "/postgres/00008_add_loans.sql", dir + "/sqlite/00008_add_loans.sql"}
	if strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("created %v, want %v", paths, want)
	}
	if _, err := database.Create(dir, "bad;name"); err == nil {
		t.Error("a name with punctuation should be refused")
	}
}

// TestEveryDownUndoesItsUp walks down one migration at a time, applying the rest again at each
// step: a down that leaves something behind makes the up after it fail.
func TestEveryDownUndoesItsUp(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := apptest.OpenDB(t, apptest.Config(t, dialect))
		m, err := database.NewMigrator(db)
		if err != nil {
			t.Fatal(err)
		}
		ctx := context.Background()
		if err := m.Up(ctx, io.Discard); err != nil {
			t.Fatal(err)
		}
		for depth := 1; ; depth++ {
			for range depth {
				if err := m.Down(ctx, io.Discard); err != nil {
					t.Fatalf("down, %d deep: %v", depth, err)
				}
			}
			if err := m.Up(ctx, io.Discard); err != nil {
				t.Fatalf("up again after %d down: %v", depth, err)
			}
			if n, err := m.Pending(ctx); err != nil || n != 0 {
				t.Fatalf("pending after up: %d, %v", n, err)
			}
			var applied int
			if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM goose_db_version WHERE version_id > 0").Scan(&applied); err != nil {
				t.Fatal(err)
			}
			if depth >= applied {
				break
			}
		}
	})
}
