package middleware

import (
	"io"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"no proxy trusted", nil, "1.2.3.4", "0.0.0.0"},
		{"trusted peer", []string{"0.0.0.0/32"}, "1.2.3.4", "1.2.3.4"},
		{"client-written entries ignored", []string{"0.0.0.0/32"}, "6.6.6.6, 1.2.3.4", "1.2.3.4"},
		{"chain of trusted proxies", []string{"0.0.0.0/32", "10.0.0.0/8"}, "6.6.6.6, 1.2.3.4, 10.1.1.1, 10.2.2.2", "1.2.3.4"},
		{"garbage stops the walk", []string{"0.0.0.0/32"}, "1.2.3.4, not-an-ip", "0.0.0.0"},
		{"no header", []string{"0.0.0.0/32"}, "", "0.0.0.0"},
		{"ipv6", []string{"0.0.0.0/32"}, "2001:db8::1", "2001:db8::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var trusted []netip.Prefix
			for _, p := range tt.trusted {
				trusted = append(trusted, netip.MustParsePrefix(p))
			}
			app := fiber.New()
			app.Use(ClientIP(trusted))
			app.Get("/", func(c *fiber.Ctx) error { return c.SendString(request.ClientIP(c)) })
			req := httptest.NewRequest("GET", "/", nil)
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			resp, err := app.Test(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			if string(body) != tt.want {
				t.Errorf("client %q, want %q", body, tt.want)
			}
		})
	}
}
