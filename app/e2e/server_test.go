package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// site is one running `locallibrary serve` on a database of its own, migrated and seeded.
type site struct {
	URL       string
	Passwords map[string]string // the demo accounts' passwords, as `seed` printed them
	log       *syncBuffer
}

// secretKey is any key of the required length: each site's sessions die with it.
const secretKey = "e2e-secret-key-0123456789-abcdefghijklmnop"

var demoAccount = regexp.MustCompile(`Demo account created: username "([^"]+)", password "([^"]+)"`)

// startSite migrates and seeds a fresh database with bin, serves it on a free loopback port and
// stops it (SIGTERM) when the test ends. The server log is printed if the test fails.
func startSite(t *testing.T, bin string) *site {
	t.Helper()
	addr := freeAddr(t)
	env := append(os.Environ(),
		"DATABASE_URL="+freshDatabase(t),
		"SECRET_KEY="+secretKey,
		"DEBUG=0",
		"RUN_MIGRATIONS=0",
		"COOKIE_SECURE=0",
		"EMAIL_BACKEND=log", // no mail server: without DEBUG, serve wants that said (check --deploy)
		"DB_MAX_CONNS=4",    // one user at a time: leave the shared server's connections to the other tests
		"ADDR="+addr,
	)
	run := func(args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		if err := cmd.Run(); err != nil {
			t.Fatalf("locallibrary %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
		}
		return out.String()
	}
	run("migrate", "up")
	s := &site{URL: "http://" + addr, Passwords: map[string]string{}, log: &syncBuffer{}}
	for _, m := range demoAccount.FindAllStringSubmatch(run("seed"), -1) {
		s.Passwords[m[1]] = m[2]
	}
	for _, u := range []string{"librarian", "member"} {
		if s.Passwords[u] == "" {
			t.Fatalf("seed printed no password for %q", u)
		}
	}

	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
			t.Errorf("locallibrary serve did not stop within 15s of SIGTERM")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", s.log.String())
		}
	})
	waitReady(t, s, exited)
	return s
}

// waitReady polls /readyz until the server answers 200, failing at once if the process exits.
func waitReady(t *testing.T, s *site, exited <-chan error) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for time.Now().Before(deadline) {
		if resp, err := client.Get(s.URL + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("locallibrary serve exited (%v):\n%s", err, s.log.String())
		case <-tick.C:
		}
	}
	t.Fatalf("locallibrary serve not ready after 30s:\n%s", s.log.String())
}

// freeAddr returns a loopback address with a port nobody listens on now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// freshDatabase returns the DATABASE_URL of an empty database for one journey: a new schema of
// the TEST_DATABASE_URL database (dropped afterwards), or a new SQLite file without it.
func freshDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("LOCALLIBRARY_REQUIRE_POSTGRES") == "1" {
			t.Fatal("LOCALLIBRARY_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
		}
		return "sqlite:" + filepath.Join(t.TempDir(), "db.sqlite3")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	// The test_ prefix lets CI drop schemas that an interrupted run left behind.
	schema := "test_e2e_" + hex.EncodeToString(b)
	exec := func(sql string) error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return fmt.Errorf("TEST_DATABASE_URL: %w", err)
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	// Extensions shared by every schema of the database live in public.
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
