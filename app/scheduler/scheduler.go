// Package scheduler runs a job once per interval across every instance of the site sharing one
// database. On PostgreSQL one instance leads: the one holding a session advisory lock, on a
// connection of its own. Only the leader runs the job; the others try to take the lock at each
// tick and skip it while it is held. The lock goes with the leader's connection, so when the
// leader stops (or loses its database) another instance takes over at its next tick. On SQLite
// (one file, one machine) each instance runs the job.
package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/database"
)

// lockClass is the first key of the advisory lock ("LLNt"); the second is the hash of the
// schema, so that sites sharing a database in different schemas each have their leader.
const lockClass = 0x4c4c4e74

// MaxRun bounds one run of the job: a run that hangs ends before long rather than holding
// the lead forever.
const MaxRun = 5 * time.Minute

// Job is the work done at each tick; it should stop when ctx ends.
type Job func(ctx context.Context) error

// Scheduler runs a job every interval on the instance that leads. It is not safe for
// concurrent use: Run (or RunOnce) from one goroutine.
type Scheduler struct {
	db       *database.DB
	interval time.Duration
	job      Job
	log      *slog.Logger
	// conn holds the lock while this instance leads (PostgreSQL only).
	conn *pgx.Conn
}

// New returns a scheduler of job every interval on db.
func New(db *database.DB, interval time.Duration, job Job, log *slog.Logger) *Scheduler {
	return &Scheduler{db: db, interval: interval, job: job, log: log}
}

// Run runs the job at once, then every interval, until ctx ends; it then gives up the lead.
func (s *Scheduler) Run(ctx context.Context) {
	defer s.Release()
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		ran, err := s.RunOnce(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			s.log.Error("scheduled run failed", "err", err, "ran", ran)
		case !ran:
			s.log.Debug("scheduled run skipped: another instance leads")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce runs the job now if this instance leads (or takes the lead), within min(interval,
// MaxRun); ran is false when another instance leads.
func (s *Scheduler) RunOnce(ctx context.Context) (ran bool, err error) {
	lead, err := s.lead(ctx)
	if err != nil || !lead {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, min(s.interval, MaxRun))
	defer cancel()
	return true, s.job(ctx)
}

// lead reports whether this instance leads, taking the lock if it is free.
func (s *Scheduler) lead(ctx context.Context) (bool, error) {
	if !s.db.Postgres() {
		return true, nil
	}
	// A connection that died silently answers nothing: the tick gives up rather than wait on it.
	ctx, cancel := context.WithTimeout(ctx, leadTimeout)
	defer cancel()
	held := s.conn != nil
	if !held {
		c, err := pgx.ConnectConfig(ctx, s.db.Pool.Config().ConnConfig.Copy())
		if err != nil {
			return false, fmt.Errorf("scheduler: connect: %w", err)
		}
		s.conn = c
	}
	// Asked again on the connection that holds it, the lock is granted once more (and must be
	// released once more): the answer also proves the connection, and so the lock, still there.
	var got bool
	err := s.conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, hashtext(current_schema()))", lockClass).Scan(&got)
	if err == nil && got && held {
		_, err = s.conn.Exec(ctx, "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", lockClass)
	}
	if err != nil || !got {
		s.Release()
		if err != nil {
			return false, fmt.Errorf("scheduler: advisory lock: %w", err)
		}
		return false, nil
	}
	if !held {
		s.log.Info("this instance now runs the scheduled jobs", "interval", s.interval.String())
	}
	return true, nil
}

// leadTimeout bounds connecting and asking for the lock at each tick.
const leadTimeout = 10 * time.Second

// releaseTimeout bounds closing the lock's connection.
const releaseTimeout = time.Second

// Release gives up the lead: closing its connection releases the lock.
func (s *Scheduler) Release() {
	if s.conn == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), releaseTimeout)
	defer cancel()
	if err := s.conn.Close(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("scheduler: closing the lock's connection", "err", err)
	}
	s.conn = nil
}
