package apptest

import (
	"net"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// PGProxy is a loopback TCP proxy in front of the test PostgreSQL server, so that a test can
// make the database unreachable (Cut) or unresponsive (Freeze) for one app without touching the
// server other tests share.
type PGProxy struct {
	t        testing.TB
	upstream string
	addr     string

	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	frozen bool
	// thaw is closed when a freeze ends (by Restore or Cut).
	thaw   chan struct{}
	closed bool
	// held counts the client reads that arrived while frozen: a query stuck on the database.
	held atomic.Int64
}

// NewPGProxy starts a proxy to TEST_DATABASE_URL's server on a free loopback port; it stops
// when the test ends.
func NewPGProxy(t testing.TB) *PGProxy {
	t.Helper()
	u, err := url.Parse(os.Getenv("TEST_DATABASE_URL"))
	if err != nil || u.Host == "" {
		t.Fatalf("TEST_DATABASE_URL: not a postgres URL")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &PGProxy{t: t, upstream: u.Host, addr: ln.Addr().String(), ln: ln, conns: map[net.Conn]struct{}{}}
	go p.accept(ln)
	t.Cleanup(p.close)
	return p
}

// URL returns dbURL (a postgres:// URL) going through the proxy.
func (p *PGProxy) URL(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		p.t.Fatal(err)
	}
	u.Host = p.addr
	return u.String()
}

// Cut closes every connection and refuses new ones until Restore: the server is down.
func (p *PGProxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	p.unfreeze()
	for c := range p.conns {
		c.Close()
	}
}

// Freeze keeps accepting connections but forwards nothing either way until Restore: the server
// hangs.
func (p *PGProxy) Freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.frozen {
		p.frozen, p.thaw = true, make(chan struct{})
		p.held.Store(0)
	}
}

// Restore ends a Cut or a Freeze: connections are accepted and forwarded again (a frozen
// connection carries on with what it had sent).
func (p *PGProxy) Restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.unfreeze()
	if p.ln == nil && !p.closed {
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			p.t.Fatalf("proxy: listen again on %s: %v", p.addr, err)
		}
		p.ln = ln
		go p.accept(ln)
	}
}

// WaitHeld waits until a client has sent something the freeze holds back (a query now stuck),
// failing the test after timeout.
func (p *PGProxy) WaitHeld(timeout time.Duration) {
	p.t.Helper()
	for deadline := time.Now().Add(timeout); p.held.Load() == 0; {
		if time.Now().After(deadline) {
			p.t.Fatalf("proxy: nothing reached the frozen database within %s", timeout)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (p *PGProxy) unfreeze() {
	if p.frozen {
		p.frozen = false
		close(p.thaw)
	}
}

func (p *PGProxy) close() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.Cut()
}

func (p *PGProxy) accept(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return
		}
		if !p.track(client) {
			return
		}
		go p.serve(client)
	}
}

// track records c so that Cut closes it; it refuses c when the proxy is cut or closed.
func (p *PGProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *PGProxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	c.Close()
}

func (p *PGProxy) serve(client net.Conn) {
	defer p.untrack(client)
	// A connection opened during a freeze reaches the server only once it ends.
	if !p.gate() {
		return
	}
	server, err := net.DialTimeout("tcp", p.upstream, 5*time.Second)
	if err != nil || !p.track(server) {
		return
	}
	defer p.untrack(server)
	done := make(chan struct{}, 2)
	go func() { p.pump(server, client, true); done <- struct{}{} }()
	go func() { p.pump(client, server, false); done <- struct{}{} }()
	<-done
}

// pump copies src to dst, holding each chunk while the proxy is frozen.
func (p *PGProxy) pump(dst, src net.Conn, fromClient bool) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if fromClient && p.isFrozen() {
				p.held.Add(1)
			}
			if !p.gate() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *PGProxy) isFrozen() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.frozen
}

// gate waits while the proxy is frozen; it reports false once the proxy is cut or closed.
func (p *PGProxy) gate() bool {
	p.mu.Lock()
	frozen, thaw := p.frozen, p.thaw
	p.mu.Unlock()
	if frozen {
		<-thaw
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.ln != nil
}
