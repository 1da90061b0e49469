package cli

import (
	"context"
	"time"

	"locallibrary/app"
	"locallibrary/app/database"
	"locallibrary/app/notices"
	"locallibrary/app/scheduler"
)

// schedulerGrace is how long serve waits, on its way out, for a scheduled run to end: the run's
// context is cancelled when shutdown begins, so it is normally over long before.
const schedulerGrace = 250 * time.Millisecond

// startScheduler runs the circulation job (the circulation steps, then the notices, as notify)
// every NOTIFY_INTERVAL, on one instance across all those sharing the database, until ctx ends.
// The returned wait blocks until it has stopped, for at most schedulerGrace. With
// NOTIFY_INTERVAL=0 nothing runs.
func startScheduler(ctx context.Context, e env, db *database.DB) (wait func(), err error) {
	interval := e.cfg.Circulation.NotifyInterval
	if interval == 0 {
		return func() {}, nil
	}
	n, err := app.NewNotifier(e.cfg, db.Gorm, e.log)
	if err != nil {
		return nil, err
	}
	job := func(ctx context.Context) error {
		r, err := n.Run(ctx, notices.CirculationSteps(), e.cfg.Circulation.HoldPickupDays, time.Now())
		e.log.InfoContext(ctx, "circulation run", r.LogValues()...)
		return err
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		scheduler.New(db, interval, job, e.log).Run(ctx)
	}()
	return func() {
		select {
		case <-done:
		case <-time.After(schedulerGrace):
			e.log.Warn("the scheduled run is still ending; not waiting for it", "after", schedulerGrace.String())
		}
	}, nil
}
