package cli

import (
	"context"
	"fmt"

	"locallibrary/app"
	"locallibrary/app/database"
	"locallibrary/config"
)

// serve runs the website until SIGINT or SIGTERM, then shuts down gracefully.
func serve(ctx context.Context, e env, args []string) error {
	if len(args) > 0 {
		return usageError("serve takes no arguments")
	}
	if !e.cfg.Debug {
		if err := deployChecks(e); err != nil {
			return err
		}
	}
	db, err := database.Open(ctx, e.cfg)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, e.cfg, db, e.log, e.stderr)
	if err != nil {
		db.Close()
		return err
	}
	stopMetrics, err := serveMetrics(e, a)
	if err != nil {
		a.Close()
		return err
	}
	defer stopMetrics()
	schedCtx, stopScheduler := context.WithCancel(ctx)
	defer stopScheduler()
	waitScheduler, err := startScheduler(schedCtx, e, db)
	if err != nil {
		a.Close()
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- a.Fiber.Listen(e.cfg.Addr) }()
	e.log.Info("LocalLibrary is serving", "addr", e.cfg.Addr, "database", db.Dialect, "debug", e.cfg.Debug)
	if e.cfg.SecretKey == config.InsecureDevelopmentKey {
		e.log.Warn("SECRET_KEY is not set: using the public development key; set SECRET_KEY before real use")
	}
	select {
	case err := <-errc:
		stopScheduler()
		waitScheduler()
		a.Close()
		return fmt.Errorf("listen %s: %w", e.cfg.Addr, err)
	case <-ctx.Done():
	}
	e.log.Info("shutting down", "timeout", e.cfg.ShutdownTimeout.String())
	// The scheduler stopped with ctx; its run ends while the requests in flight finish.
	err = a.Shutdown(e.cfg.ShutdownTimeout)
	waitScheduler()
	return err
}
