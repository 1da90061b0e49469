package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"locallibrary/app/apptest"
)

func runWith(env map[string]string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, func(k string) string { return env[k] }, &out, &errb)
	return code, out.String(), errb.String()
}

func TestStartupFailuresPrintOneLine(t *testing.T) {
	dir := t.TempDir()
	key := strings.Repeat("s", 40)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown command", nil, []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"bad DATABASE_URL", map[string]string{"DATABASE_URL": "mysql://db/x", "SECRET_KEY": key}, []string{"serve"}, 2, "DATABASE_URL"},
		{"bad SESSION_TTL", map[string]string{"SESSION_TTL": "soon"}, []string{"migrate", "up"}, 2, "SESSION_TTL"},
		{"unreachable database", map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?connect_timeout=2", "SECRET_KEY": key},
			[]string{"serve"}, 1, "cannot reach PostgreSQL at postgres://nobody@127.0.0.1:1/none"},
		{"unreachable database on migrate", map[string]string{"DATABASE_URL": "postgres://nobody:pw@127.0.0.1:1/none", "SECRET_KEY": key},
			[]string{"migrate", "up"}, 1, "cannot reach PostgreSQL"},
		{"stale schema", map[string]string{"DATABASE_URL": "sqlite:" + filepath.Join(dir, "stale.db"), "RUN_MIGRATIONS": "0", "DEBUG": "1"},
			[]string{"serve"}, 1, "migration(s) pending"},
		{"bad migrate subcommand", nil, []string{"migrate", "sideways"}, 2, `unknown subcommand "sideways"`},
		{"bad seed flag", nil, []string{"seed", "--books", "many"}, 2, "seed takes [--books N]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWith(tt.env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("stderr %q: want one line containing %q", stderr, tt.want)
			}
			if strings.Contains(stderr, ":pw@") {
				t.Errorf("stderr leaks the database password: %q", stderr)
			}
		})
	}
}

func TestMigrateAndSeedCommands(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		cfg := apptest.Config(t, dialect)
		env := map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey}

		if code, _, stderr := runWith(env, "seed"); code != 1 || !strings.Contains(stderr, "pending") {
			t.Errorf("seed on an empty database: exit %d, %q", code, stderr)
		}
		code, out, stderr := runWith(env, "migrate", "up")
		if code != 0 || !strings.Contains(out, "OK    up 00002_catalog.sql") {
			t.Fatalf("migrate up: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "migrate", "status"); code != 0 || strings.Contains(out, "pending") {
			t.Errorf("migrate status: exit %d\n%s", code, out)
		}
		want := "Sample catalog ready: 7 books, 11 copies (5 available), 5 authors, 3 genres."
		for range 2 {
			if code, out, stderr := runWith(env, "seed"); code != 0 || !strings.Contains(out, want) {
				t.Errorf("seed: exit %d\n%s%s", code, out, stderr)
			}
		}
		if code, out, stderr := runWith(env, "seed", "--books", "25"); code != 0 || !strings.Contains(out+stderr, "Added 25 books and 75 copies.") {
			t.Errorf("seed --books: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "seed"); code != 0 || !strings.Contains(out, "32 books, 86 copies") {
			t.Errorf("after the synthetic books: %s", out)
		}
		if code, out, stderr := runWith(env, "migrate", "down"); code != 0 || strings.Count(out, "OK    down") != 1 {
			t.Errorf("migrate down: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, stderr := runWith(env, "migrate", "down", "0"); code != 0 || !strings.Contains(out, "down 00001_auth.sql") {
			t.Errorf("migrate down 0: exit %d\n%s%s", code, out, stderr)
		}
		if code, out, _ := runWith(env, "migrate", "status"); code != 0 || strings.Contains(out, "applied") || !strings.Contains(out, "pending") {
			t.Errorf("status after down 0: exit %d\n%s", code, out)
		}
	})
}

func TestServeOnEmbeddedDefaultAndShutDownGracefully(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()

	done := make(chan int)
	var stderr bytes.Buffer
	go func() {
		done <- run(nil, func(k string) string { return map[string]string{"ADDR": addr}[k] }, io.Discard, &stderr)
	}()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		if resp, err = http.Get("http://" + addr + "/catalog/"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("the site did not come up: %v\n%s", err, stderr.String())
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte("You have visited this page 1 time.")) {
		t.Fatalf("home page: %d\n%s", resp.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); err != nil {
		t.Errorf("the embedded database should live in the working folder: %v", err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after SIGTERM\n%s", code, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown within 15s of SIGTERM")
	}
}
