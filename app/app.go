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
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"locallibrary/app/auth"
	"locallibrary/app/database"
	"locallibrary/app/forms"
	"locallibrary/app/handlers"
	"locallibrary/app/mail"
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
		Mail:   mail.New(cfg.SMTP, log),
		Auth:   auth.Authenticator{DB: db.Gorm, Log: log, Limit: cfg.LoginFailures, Window: cfg.LoginWindow},
		Ready:  func(c *fiber.Ctx) error { return db.SQL.PingContext(c.UserContext()) },
	}
	f := fiber.New(fiber.Config{
		AppName:               "LocalLibrary",
		ErrorHandler:          h.Error,
		StrictRouting:         true,
		CaseSensitive:         true,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
		// The CSV upload page takes the largest bodies; bodies limits the other pages to 4 MB.
		BodyLimit: forms.MaxUploadRequest,
	})
	bodies := middleware.NewBodyLimits(4 << 20)
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
	store, err := sessions.New(ctx, db, cfg)
	if err != nil {
		return nil, err
	}
	f.Use(requestid.New())
	f.Use(middleware.RequestLog(log))
	f.Use(middleware.ClientIP(cfg.TrustedProxies))
	f.Use(recover.New())
	f.Use(middleware.SecurityHeaders(cfg.CookieSecure))
	f.Use(bodies.Check)
	f.Use(middleware.RejectNUL)
	f.Use("/static", filesystem.New(filesystem.Config{Root: http.FS(static), MaxAge: 24 * 3600}))
	f.Use(store.Load)
	f.Use(middleware.LoadUser(db.Gorm, cfg.SecretKey))
	f.Use(middleware.CheckOrigin)
	for _, step := range middleware.CSRF(cfg.SecretKey, cfg.CookieSecure) {
		f.Use(step)
	}
	routes.Register(f, h)
	if err := h.URLs.Load(); err != nil {
		return nil, err
	}
	upload, err := h.URLs.Reverse("admin:catalog_book_import")
	if err != nil {
		return nil, err
	}
	bodies.Allow(upload, forms.MaxUploadRequest)
	return &App{Fiber: f, DB: db, Sessions: store, Config: cfg, Log: log, URLs: h.URLs}, nil
}

// Shutdown stops accepting requests, lets those in flight finish within timeout, then releases
// the session store and the database.
func (a *App) Shutdown(timeout time.Duration) error {
	err := a.Fiber.ShutdownWithTimeout(timeout)
	return errors.Join(err, a.Close())
}

// Close releases the session store and the database without touching the listener.
func (a *App) Close() error {
	err := a.Sessions.Close()
	if cerr := a.DB.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("close database: %w", cerr))
	}
	return err
}
