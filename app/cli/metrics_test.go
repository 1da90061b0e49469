package cli

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freeAddr returns a loopback address nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// get fetches url, retrying while the server starts.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	var err error
	for range 100 {
		var resp *http.Response
		if resp, err = http.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			return resp.StatusCode, string(body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("GET %s: %v", url, err)
	return 0, ""
}

func TestServeMetricsOnTheirOwnAddress(t *testing.T) {
	t.Chdir(t.TempDir())
	site, metrics := freeAddr(t), freeAddr(t)
	env := map[string]string{"ADDR": site, "METRICS_ADDR": metrics}
	done := make(chan int)
	var stderr bytes.Buffer
	go func() {
		done <- Run(nil, strings.NewReader(""), io.Discard, &stderr, func(k string) string { return env[k] })
	}()
	if code, _ := get(t, "http://"+site+"/catalog/"); code != 200 {
		t.Errorf("home page: %d", code)
	}
	code, body := get(t, "http://"+metrics+"/metrics")
	if code != 200 || !strings.Contains(body, `locallibrary_http_requests_total{method="GET",route="index",status="200"} 1`) {
		t.Errorf("metrics: %d\n%s", code, body)
	}
	if code, _ := get(t, "http://"+site+"/metrics"); code != 404 {
		t.Errorf("the site serves /metrics: %d", code)
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
	if _, err := net.DialTimeout("tcp", metrics, time.Second); err == nil {
		t.Error("the metrics address still listens after shutdown")
	}
}
