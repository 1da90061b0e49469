package app_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/apptest"
)

// TestClientDisconnectCancelsItsQuery serves the site on a real socket, makes a request wait on
// a table lock, then hangs up: the query must end on the server long before the request's
// deadline or the lock timeout could end it.
func TestClientDisconnectCancelsItsQuery(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	cfg := apptest.Config(t, apptest.Postgres)
	cfg.RequestTimeout = 2 * time.Minute // lock_timeout: one minute
	a, logs := apptest.NewAppWithLog(t, cfg)
	addr := apptest.Serve(t, a)

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
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE catalog_book IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	blocked := func() int {
		var n int
		if err := a.DB.Pool.QueryRow(ctx, "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))",
			locker.PgConn().PID()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	waitFor := func(what string, cond func() bool) time.Duration {
		start := time.Now()
		for !cond() {
			if time.Since(start) > 10*time.Second {
				t.Fatalf("%s: not within 10s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
		return time.Since(start)
	}

	client, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.Write([]byte("GET /catalog/books/ HTTP/1.1\r\nHost: example.com\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	waitFor("the request waits on the lock", func() bool { return blocked() == 1 })
	client.Close()
	took := waitFor("the query ends after the client left", func() bool { return blocked() == 0 })
	t.Logf("query cancelled %s after the client hung up", took.Round(time.Millisecond))
	waitFor("the request is logged", func() bool { return strings.Contains(logs.String(), `"status":499`) })
}

// TestKeptAliveAndPipelinedRequestsAreServed checks that watching for a disconnect leaves the
// connection as fasthttp expects it: requests that follow on it, or arrive with the first, are
// answered.
func TestKeptAliveAndPipelinedRequestsAreServed(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		addr := apptest.Serve(t, a)
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		get := "GET /catalog/books/ HTTP/1.1\r\nHost: example.com\r\n\r\n"
		for _, batch := range []int{1, 1, 3} {
			if _, err := conn.Write([]byte(strings.Repeat(get, batch))); err != nil {
				t.Fatal(err)
			}
			for range batch {
				_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					t.Fatalf("batch of %d: %v", batch, err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("batch of %d: status %d", batch, resp.StatusCode)
				}
			}
		}
	})
}
