package middleware

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/database"
	"locallibrary/app/request"
)

// Deadlines gives every request a context that ends after the request timeout, when the client
// disconnects, or when shutdown gives up waiting; handlers pass it to every query. It also
// counts the requests in flight.
type Deadlines struct {
	base     context.Context
	stop     context.CancelCauseFunc
	timeout  time.Duration
	paths    map[string]time.Duration
	inflight atomic.Int64
}

// NewDeadlines returns request deadlines of timeout.
func NewDeadlines(timeout time.Duration) *Deadlines {
	base, stop := context.WithCancelCause(context.Background())
	return &Deadlines{base: base, stop: stop, timeout: timeout, paths: map[string]time.Duration{}}
}

// Allow gives the requests to path timeout instead (the CSV upload page, whose import of a
// large file takes longer than a page). It is called at start-up, before the app serves.
func (d *Deadlines) Allow(path string, timeout time.Duration) { d.paths[path] = timeout }

// Handler is the middleware; it runs before anything that may touch the database. An error
// from a request whose context ended carries the reason (request.ErrClientGone,
// request.ErrShutdown or context.DeadlineExceeded).
func (d *Deadlines) Handler(c *fiber.Ctx) error {
	d.inflight.Add(1)
	defer d.inflight.Add(-1)
	timeout, ok := d.paths[c.Path()]
	if !ok {
		timeout = d.timeout
	}
	conn, gone := context.WithCancelCause(d.base)
	// Ending conn when the request ends takes it off base's children: left alone, every
	// request would stay there, and the server grow by a context a request.
	defer gone(context.Canceled)
	ctx, cancel := context.WithTimeout(conn, timeout)
	defer cancel()
	// Deferred, so that a panicking handler stops the watch too before fasthttp reads on.
	defer watchDisconnect(c.Context().Conn(), func() { gone(request.ErrClientGone) })()
	// The request's context starts afresh from base; it keeps the request's statement count.
	c.SetUserContext(database.CarryStatements(ctx, c.UserContext()))
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
