package cli

import (
	"context"
	"fmt"
	"time"

	"locallibrary/app"
	"locallibrary/app/notices"
	"locallibrary/models"
)

// notify runs the circulation steps (pickup windows that have passed, copies set aside for the
// queues) and sends the notices due, each once: a notice already sent is never sent again, so
// running it twice, or beside serve's scheduler, sends nothing twice. --dry-run lists the
// notices due now without sending or recording them (and runs no step).
func notify(ctx context.Context, e env, args []string) error {
	dryRun := false
	for _, a := range args {
		if a != "--dry-run" {
			return usageError("notify takes [--dry-run]")
		}
		dryRun = true
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := app.NewNotifier(e.unlimited(), db.Gorm, e.log)
	if err != nil {
		return err
	}
	now := time.Now()
	if dryRun {
		count := 0
		err := n.Due(ctx, now, func(d models.DueNotice) {
			count++
			fmt.Fprintf(e.stdout, "%s to %s: %q (%s)\n", d.Kind, d.Email, d.Title, d.Date)
		})
		fmt.Fprintf(e.stdout, "%d notice(s) due; none sent.\n", count)
		return err
	}
	r, err := n.Run(ctx, notices.CirculationSteps(), e.cfg.Circulation.HoldPickupDays, now)
	r.Print(e.stdout)
	if err != nil {
		return fmt.Errorf("notify: %w", err)
	}
	return nil
}
