package app_test

import (
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/config"
)

// limitedClient returns a client of a that comes through a trusted proxy from ip.
func limitedClient(c *apptest.Client, ip string) *apptest.Client {
	c.Header = http.Header{"X-Forwarded-For": {ip}}
	return c
}

func TestRateLimit(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		for _, shared := range []bool{false, true} {
			t.Run("shared="+strconv.FormatBool(shared), func(t *testing.T) {
				cfg := apptest.Config(t, dialect)
				cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
				cfg.RateLimit = config.RateLimit{Max: 3, Window: time.Minute, Shared: shared}
				a, logs := apptest.NewAppWithLog(t, cfg)
				from := func(ip string) *apptest.Client { return limitedClient(apptest.NewClient(t, a), ip) }
				alice := from("198.51.100.1")
				for range 3 {
					apptest.Status(t, alice.Get("/catalog/"), http.StatusOK)
				}
				r := alice.Get("/catalog/books/")
				apptest.Status(t, r, http.StatusTooManyRequests)
				apptest.Contains(t, r.Body, "Too many requests from your address")
				if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > 60 {
					t.Errorf("Retry-After %q, want 1 to 60 seconds", r.Header.Get("Retry-After"))
				}
				tests := []struct {
					name, ip, path string
					want           int
				}{
					{"entries the client wrote do not help", "6.6.6.6, 198.51.100.1", "/catalog/", http.StatusTooManyRequests},
					{"another client", "198.51.100.2", "/catalog/", http.StatusOK},
					{"health checks are exempt", "198.51.100.1", "/healthz", http.StatusOK},
					{"readiness checks are exempt", "198.51.100.1", "/readyz", http.StatusOK},
					{"static files are not counted", "198.51.100.1", "/static/css/bootstrap.min.css", http.StatusOK},
				}
				for _, tt := range tests {
					t.Run(tt.name, func(t *testing.T) {
						apptest.Status(t, from(tt.ip).Get(tt.path), tt.want)
					})
				}
				t.Run("IPv6 clients are counted by /64", func(t *testing.T) {
					for i := range 3 {
						apptest.Status(t, from("2001:db8:5:6::"+strconv.Itoa(i+1)).Get("/catalog/"), http.StatusOK)
					}
					apptest.Status(t, from("2001:db8:5:6:ffff::1").Get("/catalog/"), http.StatusTooManyRequests)
					apptest.Status(t, from("2001:db8:5:7::1").Get("/catalog/"), http.StatusOK)
				})
				apptest.Excludes(t, logs.String(), `"level":"ERROR"`)
			})
		}
	})
}

func TestRateLimitSharedByInstances(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		for _, shared := range []bool{false, true} {
			t.Run("shared="+strconv.FormatBool(shared), func(t *testing.T) {
				cfg := apptest.Config(t, dialect)
				cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
				cfg.RateLimit = config.RateLimit{Max: 3, Window: time.Minute, Shared: shared}
				first := limitedClient(apptest.NewClient(t, apptest.NewApp(t, cfg)), "198.51.100.1")
				second := first.On(apptest.NewApp(t, cfg))
				for _, c := range []*apptest.Client{first, first, second} {
					apptest.Status(t, c.Get("/catalog/"), http.StatusOK)
				}
				// In memory, each instance counts on its own.
				want := map[bool]int{false: http.StatusOK, true: http.StatusTooManyRequests}[shared]
				apptest.Status(t, second.Get("/catalog/"), want)
			})
		}
	})
}

func TestNoRateLimitByDefault(t *testing.T) {
	cfg := apptest.Config(t, apptest.SQLite)
	if cfg.RateLimit.Max != 0 {
		t.Fatalf("RATE_LIMIT should be off by default: %+v", cfg.RateLimit)
	}
	c := apptest.NewClient(t, apptest.NewApp(t, cfg))
	for range 30 {
		if !apptest.Status(t, c.Get("/healthz"), http.StatusOK) || !apptest.Status(t, c.Get("/catalog/nope"), http.StatusNotFound) {
			break
		}
	}
}

// TestSharedRateLimitWithAFrozenDatabase freezes the database behind a proxy: the limiter's
// reads and writes of the shared counts must not hold the site up (it holds one lock around
// them), so pages still answer 503 within the request deadline, and the counting resumes.
func TestSharedRateLimitWithAFrozenDatabase(t *testing.T) {
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	cfg := apptest.Config(t, apptest.Postgres)
	proxy := apptest.NewPGProxy(t)
	cfg.DatabaseURL = proxy.URL(cfg.DatabaseURL)
	cfg.RequestTimeout = 2 * time.Second
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/32")}
	cfg.RateLimit = config.RateLimit{Max: 100, Window: time.Minute, Shared: true}
	a := apptest.NewApp(t, cfg)
	apptest.Status(t, limitedClient(apptest.NewClient(t, a), "198.51.100.1").Get("/catalog/"), http.StatusOK)

	proxy.Freeze()
	bound := cfg.RequestTimeout + 2*time.Second
	answers := make(chan int, 4)
	for i := range cap(answers) {
		c := limitedClient(apptest.NewClient(t, a), "198.51.100."+strconv.Itoa(i+2))
		go func() { answers <- c.Get("/catalog/").Status }()
	}
	deadline := time.After(bound)
	for range cap(answers) {
		select {
		case status := <-answers:
			apptest.Status(t, apptest.Response{Method: "GET", Path: "/catalog/", Status: status}, http.StatusServiceUnavailable)
		case <-deadline:
			t.Fatalf("pages did not answer within %s with the database frozen", bound)
		}
	}
	proxy.Restore()
	// A read that failed during the outage counts from one again (the limiter fails open): what
	// matters is that counting goes on.
	c := limitedClient(apptest.NewClient(t, a), "198.51.100.1")
	remaining := func() int {
		r := c.Get("/catalog/")
		apptest.Status(t, r, http.StatusOK)
		n, _ := strconv.Atoi(r.Header.Get("X-Ratelimit-Remaining"))
		return n
	}
	if first, second := remaining(), remaining(); first < 1 || second != first-1 {
		t.Errorf("X-RateLimit-Remaining %d then %d after the outage: not counting", first, second)
	}
}
