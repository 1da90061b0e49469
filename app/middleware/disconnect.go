//go:build linux || darwin

package middleware

import (
	"net"
	"syscall"
	"time"
)

// watchDisconnect calls gone if the client closes conn while its request is being handled:
// fasthttp reads nothing from the connection then, so without this a query would run on for a
// client that left. A goroutine waits in the runtime's poller until the socket is readable and
// peeks at it without consuming anything: end of stream or a reset means the client left; data
// (a pipelined request) ends the watch. The returned function stops the watch before fasthttp
// reads from the connection again. Connections that are not sockets (app.Test) are not watched.
func watchDisconnect(conn net.Conn, gone func()) (unwatch func()) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return func() {}
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var b [1]byte
		_ = raw.Read(func(fd uintptr) bool {
			n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
			if err == syscall.EAGAIN || err == syscall.EINTR {
				return false // nothing to read: wait until there is
			}
			if n == 0 || err != nil {
				gone()
			}
			return true
		})
	}()
	return func() {
		// A read deadline in the past wakes the waiting goroutine; fasthttp sets its own deadline
		// before it reads the next request.
		_ = conn.SetReadDeadline(time.Unix(1, 0))
		<-done
		_ = conn.SetReadDeadline(time.Time{})
	}
}
