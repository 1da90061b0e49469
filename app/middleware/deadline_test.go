package middleware

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

func TestDeadlinesByPath(t *testing.T) {
	d := NewDeadlines(time.Second)
	d.Allow("/upload/", time.Hour)
	app := fiber.New()
	app.Use(d.Handler)
	left := func(c *fiber.Ctx) error {
		deadline, ok := c.UserContext().Deadline()
		if !ok {
			return c.SendString("none")
		}
		if time.Until(deadline) > time.Minute {
			return c.SendString("long")
		}
		return c.SendString("short")
	}
	app.Get("/upload/", left)
	app.Get("/page/", left)
	for path, want := range map[string]string{"/upload/": "long", "/page/": "short", "/upload/?x=1": "long"} {
		t.Run(path, func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest("GET", path, nil))
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 16)
			n, _ := resp.Body.Read(buf)
			if got := string(buf[:n]); got != want {
				t.Errorf("%s: deadline %s, want %s", path, got, want)
			}
		})
	}
}
