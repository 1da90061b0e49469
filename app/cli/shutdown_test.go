package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/apptest"
)

// server is the locallibrary binary serving in a child process.
type server struct {
	cmd    *exec.Cmd
	addr   string
	logs   *apptest.LogBuffer
	exited chan struct{}
	err    error
}

// The binary, built once for the tests that run it.
var (
	buildOnce sync.Once
	binDir    string
	binErr    error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "locallibrary-test-"); binErr != nil {
			return
		}
		if out, err := exec.Command("go", "build", "-o", binDir, "locallibrary").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return filepath.Join(binDir, "locallibrary")
}

// startServer runs `locallibrary serve` with env and waits until /readyz answers 200.
func startServer(t *testing.T, env map[string]string) *server {
	t.Helper()
	bin := binary(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{addr: l.Addr().String(), logs: &apptest.LogBuffer{}, exited: make(chan struct{})}
	l.Close()
	s.cmd = exec.Command(bin, "serve")
	// Without DEBUG, serve wants the log mail backend chosen (check --deploy).
	s.cmd.Env = []string{"ADDR=" + s.addr, "EMAIL_BACKEND=log"}
	for k, v := range env {
		s.cmd.Env = append(s.cmd.Env, k+"="+v)
	}
	s.cmd.Stdout, s.cmd.Stderr = s.logs, s.logs
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.err = s.cmd.Wait(); close(s.exited) }()
	t.Cleanup(func() {
		_ = s.cmd.Process.Kill()
		<-s.exited
	})
	for start := time.Now(); ; time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + s.addr + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Since(start) > 30*time.Second {
			t.Fatalf("the server did not come up\n%s", s.logs)
		}
	}
}

// get starts a GET of path and returns where its status (0 for a transport error) will arrive.
func (s *server) get(path string) <-chan int {
	status := make(chan int, 1)
	go func() {
		client := http.Client{Timeout: time.Minute}
		resp, err := client.Get("http://" + s.addr + path)
		if err != nil {
			status <- 0
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		status <- resp.StatusCode
	}()
	return status
}

// terminate sends SIGTERM, checks that new connections are refused while the process finishes,
// and returns how long it took to exit.
func (s *server) terminate(t *testing.T, bound time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	refused := false
	for !refused && time.Since(start) < bound {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			refused = true
			break
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-s.exited:
	case <-time.After(bound - time.Since(start)):
		t.Fatalf("still running %s after SIGTERM\n%s", bound, s.logs)
	}
	took := time.Since(start)
	if !refused {
		t.Error("new connections were still accepted after SIGTERM")
	}
	if s.err != nil {
		t.Errorf("exit after SIGTERM: %v\n%s", s.err, s.logs)
	}
	return took
}

func requirePostgres(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
}

func TestSIGTERMWithARequestStuckOnAFrozenDatabase(t *testing.T) {
	requirePostgres(t)
	cfg := apptest.Config(t, apptest.Postgres)
	proxy := apptest.NewPGProxy(t)
	const shutdown = 2 * time.Second
	s := startServer(t, map[string]string{"DATABASE_URL": proxy.URL(cfg.DatabaseURL), "SECRET_KEY": cfg.SecretKey,
		"RUN_MIGRATIONS": "1", "SHUTDOWN_TIMEOUT": shutdown.String(), "REQUEST_TIMEOUT": "1m"})
	proxy.Freeze()
	stuck := s.get("/catalog/books/")
	proxy.WaitHeld(10 * time.Second)
	took := s.terminate(t, shutdown+2*time.Second)
	t.Logf("exited 0 %s after SIGTERM (SHUTDOWN_TIMEOUT=%s)", took.Round(time.Millisecond), shutdown)
	if status := <-stuck; status != http.StatusServiceUnavailable {
		t.Errorf("the stuck request got %d, want 503 once cancelled\n%s", status, s.logs)
	}
}

func TestSIGTERMLetsRequestsInFlightFinish(t *testing.T) {
	requirePostgres(t)
	cfg := apptest.Config(t, apptest.Postgres)
	const shutdown = 10 * time.Second
	s := startServer(t, map[string]string{"DATABASE_URL": cfg.DatabaseURL, "SECRET_KEY": cfg.SecretKey,
		"RUN_MIGRATIONS": "1", "SHUTDOWN_TIMEOUT": shutdown.String()})
	ctx := context.Background()
	locker, err := pgx.Connect(ctx, cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Close(ctx)
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE catalog_book IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	waiting := s.get("/catalog/books/")
	for start := time.Now(); ; time.Sleep(10 * time.Millisecond) {
		var n int
		if err := locker.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
			locker.PgConn().PID()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("the request never reached the lock")
		}
	}
	// The lock goes once shutdown has begun: the request then finishes normally.
	go func() {
		for {
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				_ = tx.Rollback(ctx)
				return
			}
			c.Close()
			time.Sleep(10 * time.Millisecond)
		}
	}()
	took := s.terminate(t, shutdown+2*time.Second)
	t.Logf("exited 0 %s after SIGTERM", took.Round(time.Millisecond))
	if status := <-waiting; status != http.StatusOK {
		t.Errorf("the request in flight got %d, want 200\n%s", status, s.logs)
	}
}
