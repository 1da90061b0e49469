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
func ClientIP(trusted []netip.Prefix) fiber.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return func(c *fiber.Ctx) error {
		peer, _ := netip.AddrFromSlice(c.Context().RemoteIP())
		client := peer.Unmap()
		if isTrusted(client) {
			hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
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
		}
		request.SetClientIP(c, client.String())
		return c.Next()
	}
}
