package config

import (
	"strconv"
	"strings"
	"time"
)

// RateLimit is the site-wide limit on each client's requests (RATE_LIMIT, RATE_LIMIT_STORAGE).
type RateLimit struct {
	// Max requests from one client per Window; 0 means no limit (the default).
	Max    int
	Window time.Duration
	// Shared keeps the counts in the database so that several instances agree; otherwise each
	// instance counts in its own memory.
	Shared bool
}

// rateLimit reads RATE_LIMIT as "N/DURATION" (such as "120/1m"; empty or "off": no limit) and
// RATE_LIMIT_STORAGE as "memory" (the default) or "database".
func (p *parser) rateLimit() RateLimit {
	var rl RateLimit
	switch v := strings.ToLower(p.str("RATE_LIMIT", "off")); v {
	case "off", "0":
	default:
		n, d, ok := strings.Cut(v, "/")
		max, err := strconv.Atoi(strings.TrimSpace(n))
		window, derr := time.ParseDuration(strings.TrimSpace(d))
		if !ok || err != nil || derr != nil || max < 1 || max > 1_000_000_000 || window < time.Second || window > 24*time.Hour {
			p.fail("RATE_LIMIT", "%q is not N/DURATION with N from 1 and DURATION from 1s to 24h (e.g. 120/1m), or off", v)
			break
		}
		rl.Max, rl.Window = max, window
	}
	switch s := strings.ToLower(p.str("RATE_LIMIT_STORAGE", "memory")); s {
	case "memory":
	case "database":
		rl.Shared = true
	default:
		p.fail("RATE_LIMIT_STORAGE", "%q is not memory or database", s)
	}
	return rl
}

// metricsAddr reads METRICS_ADDR: host:port for the Prometheus metrics, or empty for none.
func (p *parser) metricsAddr() string {
	addr := p.str("METRICS_ADDR", "")
	if addr == "" {
		return ""
	}
	if !validHostPort(addr) {
		p.fail("METRICS_ADDR", "%q is not host:port with a port from 0 to 65535 (e.g. 127.0.0.1:9090)", addr)
	}
	return addr
}
