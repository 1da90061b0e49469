package middleware

import (
	"time"

	"github.com/valyala/fasthttp"
)

// PathLimits are what requests to one path may take beyond the server's defaults (Fiber's
// BodyLimit, ReadTimeout and WriteTimeout): a larger body, more time to send it, or more time
// to receive the answer. A zero field keeps the default.
type PathLimits struct {
	Body        int
	Read, Write time.Duration
}

// PerPath gives requests to the paths of limits their own body limit and timeouts. fasthttp
// asks once it has read a request's headers, so a body over its limit is refused (413) before
// any of it is read, on every path; only the CSV upload page takes a large one.
func PerPath(srv *fasthttp.Server, limits map[string]PathLimits) {
	srv.HeaderReceived = func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
		// The path as Fiber routes it: the request target's, whether origin-form ("/a?b") or
		// absolute-form ("http://host/a?b").
		u := fasthttp.AcquireURI()
		defer fasthttp.ReleaseURI(u)
		if err := u.Parse(h.Host(), h.RequestURI()); err != nil {
			return fasthttp.RequestConfig{}
		}
		l, ok := limits[string(u.PathOriginal())]
		if !ok {
			return fasthttp.RequestConfig{}
		}
		return fasthttp.RequestConfig{MaxRequestBodySize: l.Body, ReadTimeout: l.Read, WriteTimeout: l.Write}
	}
}
