package middleware

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"locallibrary/app/auth"
	"locallibrary/app/request"
	"locallibrary/config"
)

// tooManyRequests is the message of the rate limit's 429 page.
const tooManyRequests = "Too many requests from your address. Please wait a moment and try again."

// RateLimit counts each client's requests with Fiber's limiter (a fixed window of cfg.Window)
// and answers the 429 page, with Retry-After, past cfg.Max. A client is its address by our
// trusted-proxy rule (request.ClientIP), an IPv6 client its /64 (auth.ClientKey). storage keeps
// the counts (nil: this instance's memory). Requests for which exempt is true are not counted.
// With no limit configured, RateLimit passes every request on.
func RateLimit(cfg config.RateLimit, storage fiber.Storage, exempt func(*fiber.Ctx) bool) fiber.Handler {
	if cfg.Max == 0 {
		return func(c *fiber.Ctx) error { return c.Next() }
	}
	return limiter.New(limiter.Config{
		Max:          cfg.Max,
		Expiration:   cfg.Window,
		Storage:      storage,
		Next:         exempt,
		KeyGenerator: func(c *fiber.Ctx) string { return auth.ClientKey(request.ClientIP(c)) },
		LimitReached: func(c *fiber.Ctx) error {
			return fiber.NewError(fiber.StatusTooManyRequests, tooManyRequests)
		},
	})
}
