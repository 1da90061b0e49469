// Package app is LocalLibrary's composition root: it builds the template set, the session store,
// the handlers and the Fiber app with its routes, once, from the configuration and the database.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"

	"locallibrary/app/auth"
	"locallibrary/app/database"
	"locallibrary/app/forms"
	"locallibrary/app/handlers"
	"locallibrary/app/mail"
	"locallibrary/app/metrics"
	"locallibrary/app/middleware"
	"locallibrary/app/render"
	"locallibrary/app/sessions"
	"locallibrary/app/urls"
	"locallibrary/config"
	"locallibrary/routes"
	"locallibrary/views"
)

// App is the wired site.
type App struct {
	Fiber    *fiber.App
	DB       *database.DB
	Sessions *sessions.Manager
	Config   config.Config
	Log      *slog.Logger
	// URLs reverses the route names of routes/routes.go.
	URLs *urls.Reverser
	// Metrics are served on METRICS_ADDR by the serve command.
	Metrics *metrics.Metrics

	deadlines *middleware.Deadlines
	// limits holds the shared rate limit's storage (nil when counts stay in memory).
	limits io.Closer
}

// New checks the schema (applying pending migrations first when cfg.RunMigrations is set), then
// builds the site on db. It refuses a schema that is behind the binary's migrations.
func New(ctx context.Context, cfg config.Config, db *database.DB, log *slog.Logger, migrateOut io.Writer) (*App, error) {
	if err := database.EnsureSchema(ctx, db, cfg.RunMigrations, migrateOut); err != nil {
		return nil, err
	}
	h := &handlers.Handlers{
		DB:     db.Gorm,
		Log:    log,
		Config: cfg,
		Mail:   mail.New(cfg, log),
		Auth:   auth.Authenticator{DB: db.Gorm, Log: log, Limit: cfg.LoginFailures, Window: cfg.LoginWindow},
		Ready:  readiness(db),
	}
	f := fiber.New(middleware.ProxyConfig(fiber.Config{
		AppName:               "LocalLibrary",
		ErrorHandler:          h.Error,
		StrictRouting:         true,
		CaseSensitive:         true,
		DisableStartupMessage: true,
		// "tcp", not Fiber's default "tcp4": ADDR ":3000" serves IPv6 clients too.
		Network: fiber.NetworkTCP,
		// Reading a request (headers and body) and writing an answer each get 30 s; the handler
		// in between has REQUEST_TIMEOUT. The 16 KB read buffer bounds the request line and
		// headers: a long cookie fits, anything larger gets 431.
		ReadTimeout:    30 * time.Second,
		WriteTimeout:   30 * time.Second,
		IdleTimeout:    120 * time.Second,
		ReadBufferSize: 16 << 10,
		BodyLimit:      4 << 20,
	}, cfg.TrustedProxies))
	middleware.LogRefused(f.Server(), log, cfg.TrustedProxies)
	// The named routes back url in templates and redirects in handlers; Load reads them once
	// routes.Register has run.
	h.URLs = urls.New(f)
	pages, err := render.New(views.FS, h.URLs)
	if err != nil {
		return nil, err
	}
	h.Views = pages
	static, err := fs.Sub(views.FS, "static")
	if err != nil {
		return nil, err
	}
	store, err := sessions.New(ctx, db, cfg, log)
	if err != nil {
		return nil, err
	}
	m := metrics.New(db, func() float64 { return float64(store.DroppedSaves()) })
	m.WatchServer(f.Server())
	limit, limits, err := rateLimit(ctx, cfg, db, h.URLs)
	if err != nil {
		return nil, err
	}
	deadlines := middleware.NewDeadlines(cfg.RequestTimeout)
	f.Use(m.Middleware)
	f.Use(middleware.RequestID())
	f.Use(middleware.RequestLog(log))
	f.Use(middleware.ClientIP(cfg.TrustedProxies))
	f.Use(recover.New())
	f.Use(deadlines.Handler)
	f.Use(middleware.SecurityHeaders(cfg.CookieSecure))
	f.Use(middleware.CheckInput(sessions.CookieName))
	routes.Health(f, h)
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 24 * 3600}))
	f.Use(limit)
	f.Use(store.Load)
	f.Use(middleware.LoadUser(db.Gorm, cfg.SecretKey))
	f.Use(middleware.CheckOrigin)
	for _, step := range middleware.CSRF(cfg.SecretKey, cfg.CookieSecure, routes.LogoutPath) {
		f.Use(step)
	}
	routes.Register(f, h)
	if err := h.URLs.Load(); err != nil {
		return nil, err
	}
	if err := largeRequests(f, h.URLs, deadlines); err != nil {
		return nil, err
	}
	return &App{Fiber: f, DB: db, Sessions: store, Config: cfg, Log: log, URLs: h.URLs, Metrics: m, deadlines: deadlines, limits: limits}, nil
}

// Beyond the defaults above: the CSV upload page takes a 50 MB file, which may take minutes to
// send and, its import checked and written, more than REQUEST_TIMEOUT to handle (a 50 MB file
// is about 180,000 books); a CSV download of a large catalog may take minutes to receive.
const (
	uploadReadTimeout    = 5 * time.Minute
	uploadTimeout        = 5 * time.Minute
	downloadWriteTimeout = 10 * time.Minute
)

// largeRequests gives the CSV upload and download pages their larger limits.
func largeRequests(f *fiber.App, u *urls.Reverser, deadlines *middleware.Deadlines) error {
	limits := map[string]middleware.PathLimits{}
	for name, l := range map[string]middleware.PathLimits{
		"admin:catalog_book_import":         {Body: forms.MaxUploadRequest, Read: uploadReadTimeout},
		"admin:catalog_book_export":         {Write: downloadWriteTimeout},
		"admin:catalog_bookinstance_export": {Write: downloadWriteTimeout},
	} {
		path, err := u.Reverse(name)
		if err != nil {
			return err
		}
		limits[path] = l
		if name == "admin:catalog_book_import" {
			deadlines.Allow(path, uploadTimeout)
		}
	}
	middleware.PerPath(f.Server(), limits)
	return nil
}

// readyTimeout bounds /readyz's ping: a probe answers 503 in time even when the database hangs.
const readyTimeout = 2 * time.Second

// readiness is /readyz's check: a ping of the database within readyTimeout.
func readiness(db *database.DB) func(c *fiber.Ctx) error {
	return func(c *fiber.Ctx) error {
		ctx, cancel := context.WithTimeout(c.UserContext(), readyTimeout)
		defer cancel()
		return db.SQL.PingContext(ctx)
	}
}

// How long shutdown waits, once SHUTDOWN_TIMEOUT has passed, for the cancelled requests to
// answer, then for the connections to close: together they keep the exit within
// SHUTDOWN_TIMEOUT + 2 s.
const (
	cancelGrace  = 500 * time.Millisecond
	closeTimeout = time.Second
)

// Shutdown stops accepting requests and lets those in flight finish within timeout; then it
// cancels what is left (their queries with them) and closes the session store and the database.
// Requests it had to cancel are logged, not an error: the process exits normally.
func (a *App) Shutdown(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := a.Fiber.ShutdownWithContext(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = nil
	}
	if n := a.deadlines.InFlight(); n > 0 {
		a.Log.Warn("cancelling requests still running after SHUTDOWN_TIMEOUT", "requests", n, "timeout", timeout.String())
	}
	grace, cancelGraceCtx := context.WithTimeout(context.Background(), cancelGrace)
	defer cancelGraceCtx()
	a.deadlines.CancelAll(grace)
	return errors.Join(err, a.Close())
}

// Close releases the session store and the database without touching the listener. It gives up
// after closeTimeout: a pool waits for connections stuck on a hung database (pgx tries to cancel
// their queries for up to 15 s), which a process on its way out need not do.
func (a *App) Close() error {
	done := make(chan error, 1)
	go func() {
		var err error
		if a.limits != nil {
			err = a.limits.Close()
		}
		err = errors.Join(err, a.Sessions.Close())
		if cerr := a.DB.Close(); cerr != nil {
			err = errors.Join(err, fmt.Errorf("close database: %w", cerr))
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(closeTimeout):
		a.Log.Warn("database connections still closing; not waiting for them", "after", closeTimeout.String())
		return nil
	}
}
