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
		if cs, ok := s.(contextStorage); ok {
			storage = boundedStorage{cs, storageTimeout}
		}
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

// storageTimeout bounds each read and write of the shared counts. Fiber's limiter gives them no
// context and holds one lock around them: with the database hung, every request would queue
// behind the first, for good. Past the bound the count is skipped and the request goes on (the
// limiter lets a failed read through) to meet the database's failure where it has a deadline.
const storageTimeout = 200 * time.Millisecond

// contextStorage is a storage whose reads and writes take a context, as both gofiber SQL
// storages' do.
type contextStorage interface {
	fiber.Storage
	GetWithContext(ctx context.Context, key string) ([]byte, error)
	SetWithContext(ctx context.Context, key string, val []byte, exp time.Duration) error
}

// boundedStorage gives every Get and Set of a contextStorage a deadline of timeout.
type boundedStorage struct {
	contextStorage
	timeout time.Duration
}

// Get reads key within the timeout.
func (s boundedStorage) Get(key string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	return s.GetWithContext(ctx, key)
}

// Set writes key within the timeout.
func (s boundedStorage) Set(key string, val []byte, exp time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	return s.SetWithContext(ctx, key, val, exp)
}
