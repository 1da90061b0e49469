package app_test

import (
	"net/http"
	"net/netip"
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
