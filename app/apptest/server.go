package apptest

import (
	"bufio"
	"net"
	"net/http"
	"testing"
	"time"
)

// Raw sends raw bytes to addr (an app served by Serve) and returns the status of the response,
// or 0 when the server closed the connection without one: for what app.Test cannot show, the
// answers the HTTP server gives before any handler runs.
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
