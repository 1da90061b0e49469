package middleware

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

func TestLogRefused(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		reason string
	}{
		{"headers too large", &fasthttp.ErrSmallBuffer{}, 431, "request headers larger than the read buffer"},
		{"body too large", fasthttp.ErrBodyTooLarge, 413, "request body over the size limit"},
		{"client went away", &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}, 400, "connection broken while the request was read"},
		{"unparsable", errors.New("cannot find http request method"), 400, "malformed request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			app := fiber.New(fiber.Config{ErrorHandler: func(c *fiber.Ctx, err error) error {
				var fe *fiber.Error
				if !errors.As(err, &fe) || fe.Code >= 500 {
					t.Errorf("the error page got %v", err)
				}
				return c.SendStatus(fe.Code)
			}})
			LogRefused(app.Server(), slog.New(slog.NewJSONHandler(&logs, nil)), nil)
			ctx := &fasthttp.RequestCtx{}
			app.Server().ErrorHandler(ctx, tt.err)
			if ctx.Response.StatusCode() != tt.status {
				t.Errorf("status %d, want %d", ctx.Response.StatusCode(), tt.status)
			}
			for _, want := range []string{`"level":"WARN"`, `"status":` + strconv.Itoa(tt.status), `"reason":"` + tt.reason + `"`} {
				if !strings.Contains(logs.String(), want) {
					t.Errorf("log lacks %s: %s", want, logs.String())
				}
			}
		})
	}
}
