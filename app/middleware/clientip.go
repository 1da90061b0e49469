package middleware

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"

	"locallibrary/app/request"
)

// ClientIP records the client's address for the request: the peer's, or — when the peer is a
// trusted proxy — the right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries
// further left are written by the client and never believed.
//
// It also writes that address into the request header request.ClientIPHeader, replacing any
// the client sent, which Fiber is configured to read (ProxyConfig): so c.IP() agrees with
// request.ClientIP.
func ClientIP(trusted []netip.Prefix) fiber.Handler {
	return func(c *fiber.Ctx) error {
		peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
		client := clientAddr(trusted, peer, c.Get(fiber.HeaderXForwardedFor)).String()
		request.SetClientIP(c, client)
		c.Request().Header.Set(request.ClientIPHeader, client)
		return c.Next()
	}
}

// clientAddr applies the client-address rule to a peer and its X-Forwarded-For header.
func clientAddr(trusted []netip.Prefix, peer netip.Addr, xff string) netip.Addr {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	client := peer.Unmap()
	if !isTrusted(client) {
		return client
	}
	hops := strings.Split(xff, ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		client = a.Unmap()
		if !isTrusted(client) {
			break
		}
	}
	return client
}

// ProxyConfig is the part of fiber.Config that makes Fiber trust the same proxies: it believes
// X-Forwarded-Proto and X-Forwarded-Host (c.Protocol, c.Hostname) only from them, and its c.IP
// reads the address ClientIP worked out.
func ProxyConfig(cfg fiber.Config, trusted []netip.Prefix) fiber.Config {
	cfg.EnableTrustedProxyCheck = true
	cfg.TrustedProxies = make([]string, 0, len(trusted))
	for _, p := range trusted {
		cfg.TrustedProxies = append(cfg.TrustedProxies, p.String())
	}
	cfg.ProxyHeader = request.ClientIPHeader
	return cfg
}
