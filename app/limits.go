package app

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/database"
	"locallibrary/app/middleware"
	"locallibrary/app/urls"
	"locallibrary/config"
)

// RateLimitTable holds the shared rate limit's counts (RATE_LIMIT_STORAGE=database).
const RateLimitTable = "rate_limits"

// rateLimit builds the site-wide rate limit of cfg, with its counts in the database when they
// are shared, and what to close at shutdown (nil when nothing). The health checks are exempt:
// load balancers call them often, from few addresses.
func rateLimit(ctx context.Context, cfg config.Config, db *database.DB, u *urls.Reverser) (fiber.Handler, io.Closer, error) {
	var storage fiber.Storage
	if cfg.RateLimit.Max > 0 && cfg.RateLimit.Shared {
		s, err := db.KV(ctx, RateLimitTable, time.Minute)
		if err != nil {
			return nil, nil, err
		}
		storage = s
	}
	// The route table is read after the middleware is installed: look the paths up on first use.
	health := sync.OnceValue(func() map[string]bool {
		paths := map[string]bool{}
		for _, name := range []string{"healthz", "readyz"} {
			if p, err := u.Reverse(name); err == nil {
				paths[p] = true
			}
		}
		return paths
	})
	exempt := func(c *fiber.Ctx) bool { return health()[c.Path()] }
	limit := middleware.RateLimit(cfg.RateLimit, storage, exempt)
	if storage == nil {
		return limit, nil, nil
	}
	return limit, storage, nil
}
