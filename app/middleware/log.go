package middleware

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/requestid"
	"github.com/valyala/fasthttp"

	"locallibrary/app/request"
)

// RequestID gives every request an id of the server's making, sent back in X-Request-ID and
// written in its log lines. An X-Request-ID sent by the client is dropped first: Fiber's
// middleware would keep it, letting clients write what they like into our logs.
func RequestID() fiber.Handler {
	give := requestid.New()
	return func(c *fiber.Ctx) error {
		c.Request().Header.Del(fiber.HeaderXRequestID)
		return give(c)
	}
}

// RequestLog writes one structured line per request. Errors are handed to the app's error handler
// here, so the line carries the status actually sent, and the error behind a 5xx.
func RequestLog(log *slog.Logger) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		if err := c.Next(); err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				_ = c.SendStatus(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("method", c.Method()),
			slog.String("path", redact(c)),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", request.ClientIP(c)),
			slog.String("request_id", c.GetRespHeader(fiber.HeaderXRequestID)),
		}
		if err := request.Failure(c); err != nil {
			attrs = append(attrs, slog.String("err", err.Error()))
		}
		log.LogAttrs(c.UserContext(), level, "request", attrs...)
		return nil
	}
}

// redact hides the route parameters of a password reset link (named token): request logs
// outlive the link. Such a request is logged under its route's pattern.
func redact(c *fiber.Ctx) string {
	if r := c.Route(); slices.Contains(r.Params, "token") {
		return r.Path
	}
	return c.Path()
}

// LogRefused logs the requests the HTTP server answers by itself, before any middleware runs:
// 408 when a request is not read within the read timeout, 413 for a body over the limit, 431
// for headers larger than the read buffer, 400 for a request it cannot parse. Fiber sends them
// through the app's error handler (for the page) but no request log sees them. The line leaves
// out the path, which no route has redacted yet (it may hold a password reset token), and the
// server's error text, which quotes the request's bytes (cookies among them).
//
// A connection that breaks while the request is read is the client going away: Fiber would
// answer 502 and the error handler log an error for it, so it is refused as unreadable (400).
func LogRefused(srv *fasthttp.Server, log *slog.Logger, trusted []netip.Prefix) {
	send := srv.ErrorHandler
	srv.ErrorHandler = func(ctx *fasthttp.RequestCtx, err error) {
		reason := ""
		var netErr net.Error
		if errors.As(err, &netErr) && !netErr.Timeout() {
			err, reason = errUnread, "connection broken while the request was read"
		}
		send(ctx, err)
		status := ctx.Response.StatusCode()
		if reason == "" {
			reason = refusal(status)
		}
		peer, _ := netip.AddrFromSlice(ctx.RemoteIP())
		xff := string(ctx.Request.Header.Peek(fiber.HeaderXForwardedFor))
		log.LogAttrs(context.Background(), slog.LevelWarn, "request refused",
			slog.Int("status", status),
			slog.String("reason", reason),
			slog.String("ip", clientAddr(trusted, peer, xff).String()),
		)
	}
}

var errUnread = fiber.NewError(fiber.StatusBadRequest, "The request could not be read.")

// refusal says in words why the server refused a request with status.
func refusal(status int) string {
	switch status {
	case fiber.StatusRequestTimeout:
		return "request not received within the read timeout"
	case fiber.StatusRequestEntityTooLarge:
		return "request body over the size limit"
	case fiber.StatusRequestHeaderFieldsTooLarge:
		return "request headers larger than the read buffer"
	}
	return "malformed request"
}
