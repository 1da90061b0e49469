package request

import "github.com/gofiber/fiber/v2"

type clientIPKey struct{}

// ClientIPHeader is the request header into which the client-IP middleware writes the client's
// address, overwriting whatever the client sent; Fiber's c.IP() reads it (fiber.Config.ProxyHeader).
const ClientIPHeader = "X-Locallibrary-Client-Ip"

// SetClientIP records the client's address (the client-IP middleware calls it).
func SetClientIP(c *fiber.Ctx, ip string) { c.Locals(clientIPKey{}, ip) }

// ClientIP returns the client's address as the client-IP middleware worked it out, or the
// connection's peer when it has not run.
func ClientIP(c *fiber.Ctx) string {
	if ip, ok := c.Locals(clientIPKey{}).(string); ok {
		return ip
	}
	return c.Context().RemoteIP().String()
}
