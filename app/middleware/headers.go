package middleware

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
)

// SecurityHeaders sets a strict content security policy and the usual hardening headers.
func SecurityHeaders(hsts bool) fiber.Handler {
	cfg := helmet.Config{
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
			"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
		XFrameOptions:             "DENY",
		ReferrerPolicy:            "same-origin",
		CrossOriginEmbedderPolicy: "unsafe-none",
	}
	if hsts {
		cfg.HSTSMaxAge = 31536000
	}
	return helmet.New(cfg)
}

// NoStore keeps a page out of browser and shared caches (Cache-Control: no-store, private): the
// login, logout and password pages say who is logged in and carry CSRF tokens.
func NoStore(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store, private")
	return c.Next()
}
