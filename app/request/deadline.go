package request

import (
	"errors"

	"github.com/gofiber/fiber/v2"
)

// Why a request's context ended before its handler did, besides its deadline
// (context.DeadlineExceeded). The deadline middleware puts them in front of the handler's error.
var (
	// ErrClientGone: the client closed the connection; nobody is waiting for the answer.
	ErrClientGone = errors.New("client closed the connection")
	// ErrShutdown: the server stopped waiting for the request at shutdown.
	ErrShutdown = errors.New("server shutting down")
)

type failureKey struct{}

// SetFailure records the error behind an error page, for the request's log line.
func SetFailure(c *fiber.Ctx, err error) { c.Locals(failureKey{}, err) }

// Failure returns the error SetFailure recorded, or nil.
func Failure(c *fiber.Ctx) error {
	err, _ := c.Locals(failureKey{}).(error)
	return err
}
