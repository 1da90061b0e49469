package middleware

import (
	"log/slog"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
)

// RequestLog writes one structured line per request. Errors are handed to the app's error handler
// here, so the line carries the status actually sent.
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
		log.LogAttrs(c.UserContext(), level, "request",
			slog.String("method", c.Method()),
			slog.String("path", redact(c)),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.String("ip", request.ClientIP(c)),
			slog.String("request_id", c.GetRespHeader(fiber.HeaderXRequestID)),
		)
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
