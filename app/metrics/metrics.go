// Package metrics exposes LocalLibrary's Prometheus metrics — requests by route and status,
// their latency, the database connection pool, dropped session saves, the Go runtime — from a
// registry of the app's own, for a scraper on a separate address (METRICS_ADDR).
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/valyala/fasthttp"

	"locallibrary/app/database"
)

// Refused is the route label of requests the HTTP server refused before routing (408, 413, 431).
const Refused = "(refused)"

// Metrics holds one app's collectors.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// New registers the request metrics, db's pool statistics, the Go runtime's and the process's,
// and, when droppedSaves is not nil, the number of session saves dropped so far.
func New(db *database.DB, droppedSaves func() float64) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "locallibrary_http_requests_total",
			Help: "HTTP requests answered, by route name (or pattern), method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "locallibrary_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route name (or pattern) and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
	}
	m.registry.MustRegister(m.requests, m.duration,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(db.SQL, db.Dialect))
	if db.Pool != nil {
		m.registry.MustRegister(newPoolCollector(db.Pool))
	}
	if droppedSaves != nil {
		m.registry.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "locallibrary_session_saves_dropped_total",
			Help: "Session saves dropped because the session was deleted or rotated meanwhile.",
		}, droppedSaves))
	}
	return m
}

// Middleware counts and times every request once it is answered; install it first, so that
// the status is the one the error handler sent.
func (m *Metrics) Middleware(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	route, method := routeLabel(c.Route()), methodLabel(c.Method())
	m.requests.WithLabelValues(route, method, strconv.Itoa(c.Response().StatusCode())).Inc()
	m.duration.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
	return err
}

// WatchServer counts the requests srv refuses before any handler runs, under the route Refused.
func (m *Metrics) WatchServer(srv *fasthttp.Server) {
	send := srv.ErrorHandler
	srv.ErrorHandler = func(ctx *fasthttp.RequestCtx, err error) {
		send(ctx, err)
		m.requests.WithLabelValues(Refused, methodLabel(string(ctx.Method())), strconv.Itoa(ctx.Response.StatusCode())).Inc()
	}
}

// Handler serves the metrics in Prometheus' exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// routeLabel names a request's route by its name, else its pattern — never the raw path, so
// the number of series stays that of the route table. A request answered by a middleware is
// labelled with the prefix it is mounted at: "/static" for static files, "/" for the 404 page
// of an unknown path and for the checks that refuse a request before routing.
func routeLabel(r *fiber.Route) string {
	if r.Name != "" {
		return r.Name
	}
	return r.Path
}

// methodLabel keeps the methods the site serves and folds the rest, which clients choose freely.
func methodLabel(m string) string {
	switch m {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodPost:
		return m
	}
	return "other"
}
