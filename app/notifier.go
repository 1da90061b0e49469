package app

import (
	"fmt"
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"locallibrary/app/handlers"
	"locallibrary/app/mail"
	"locallibrary/app/notices"
	"locallibrary/app/render"
	"locallibrary/app/urls"
	"locallibrary/config"
	"locallibrary/routes"
	"locallibrary/views"
)

// NewNotifier builds the sender of the members' notices on db, for `notify` and serve's
// scheduler: the e-mail templates and the route table their links come from, without the rest
// of the site. Its mail reports each message's outcome, so that a failed notice is sent again.
// cfg must be the configuration db was opened with.
func NewNotifier(cfg config.Config, db *gorm.DB, log *slog.Logger) (*notices.Notifier, error) {
	f := fiber.New(fiber.Config{DisableStartupMessage: true})
	h := &handlers.Handlers{URLs: urls.New(f)}
	routes.Health(f, h)
	routes.Register(f, h)
	if err := h.URLs.Load(); err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	pages, err := render.New(views.FS, h.URLs)
	if err != nil {
		return nil, fmt.Errorf("notices: %w", err)
	}
	// An e-mail is sent inside the transaction recording it: it must end before the database
	// ends that transaction (idle_in_transaction_session_timeout, REQUEST_TIMEOUT).
	return &notices.Notifier{DB: db, Views: pages, Mail: mail.NewDirect(cfg, log), BaseURL: cfg.BaseURL, Log: log,
		SendTimeout: cfg.RequestTimeout / 2}, nil
}
