package apptest

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"

	"locallibrary/app"
)

// Serve serves a on a loopback port until the test ends and returns its address, for what
// app.Test cannot show: the answers the HTTP server gives before any handler runs.
func Serve(t testing.TB, a *app.App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = a.Fiber.Listener(ln) }()
	t.Cleanup(func() { _ = a.Fiber.ShutdownWithTimeout(5 * time.Second) })
	return ln.Addr().String()
}

// Raw sends raw bytes to addr and returns the status of the response, or 0 when the server
// closed the connection without one.
func Raw(t testing.TB, addr string, raw []byte) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	// The server may answer and close before reading everything: a failed write is not an error.
	_, _ = conn.Write(raw)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}
