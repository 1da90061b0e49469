package middleware

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
)

// Deadlines gives every request a context that ends after the request timeout, when the client
// disconnects, or when shutdown gives up waiting; handlers pass it to every query. It also
// counts the requests in flight.
type Deadlines struct {
	base     context.Context
	stop     context.CancelCauseFunc
	timeout  time.Duration
	inflight atomic.Int64
}

// NewDeadlines returns request deadlines of timeout.
func NewDeadlines(timeout time.Duration) *Deadlines {
	base, stop := context.WithCancelCause(context.Background())
	return &Deadlines{base: base, stop: stop, timeout: timeout}
}

// Handler is the middleware; it runs before anything that may touch the database. An error
// from a request whose context ended carries the reason (request.ErrClientGone,
// request.ErrShutdown or context.DeadlineExceeded).
func (d *Deadlines) Handler(c *fiber.Ctx) error {
	d.inflight.Add(1)
	defer d.inflight.Add(-1)
	conn, gone := context.WithCancelCause(d.base)
	ctx, cancel := context.WithTimeout(conn, d.timeout)
	defer cancel()
	// Deferred, so that a panicking handler stops the watch too before fasthttp reads on.
	defer watchDisconnect(c.Context().Conn(), func() { gone(request.ErrClientGone) })()
	c.SetUserContext(ctx)
	err := c.Next()
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("%w: %w", context.Cause(ctx), err)
	}
	return err
}

// CancelAll ends the context of every request in flight, and of those still to come, with
// request.ErrShutdown; then it waits, until ctx ends, for them to finish. It returns how many
// are still running.
func (d *Deadlines) CancelAll(ctx context.Context) int64 {
	d.stop(request.ErrShutdown)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		n := d.inflight.Load()
		if n == 0 {
			return 0
		}
		select {
		case <-ctx.Done():
			return n
		case <-tick.C:
		}
	}
}

// InFlight returns the number of requests being handled.
func (d *Deadlines) InFlight() int64 { return d.inflight.Load() }
