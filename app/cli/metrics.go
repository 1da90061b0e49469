package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"locallibrary/app"
)

// serveMetrics serves a's Prometheus metrics at /metrics on METRICS_ADDR, apart from the site
// (so that they need no authentication: bind it to a private address), until stop is called.
// With no METRICS_ADDR it does nothing.
func serveMetrics(e env, a *app.App) (stop func(), err error) {
	if e.cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", e.cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics: listen %s: %w", e.cfg.MetricsAddr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: time.Minute}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			e.log.Error("metrics server stopped", "addr", e.cfg.MetricsAddr, "err", err)
		}
	}()
	e.log.Info("serving metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}
