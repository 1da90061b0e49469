package scheduler

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/apptest"
	"locallibrary/app/database"
)

// counting returns a job that counts its runs.
func counting() (Job, *atomic.Int64) {
	var n atomic.Int64
	return func(context.Context) error { n.Add(1); return nil }, &n
}

func ranOnce(t *testing.T, s *Scheduler, want bool) {
	t.Helper()
	ran, err := s.RunOnce(context.Background())
	if err != nil || ran != want {
		t.Errorf("RunOnce: ran %v (%v), want %v", ran, err, want)
	}
}

func postgres(t *testing.T) (*database.DB, string) {
	t.Helper()
	if !slices.Contains(apptest.Dialects(t), apptest.Postgres) {
		t.Skip("TEST_DATABASE_URL not set")
	}
	cfg := apptest.Config(t, apptest.Postgres)
	return apptest.OpenDB(t, cfg), cfg.DatabaseURL
}

func TestOneInstanceLeadsOnPostgres(t *testing.T) {
	db, _ := postgres(t)
	job1, n1 := counting()
	job2, n2 := counting()
	s1, s2 := New(db, time.Minute, job1, apptest.Logger()), New(db, time.Minute, job2, apptest.Logger())
	defer s1.Release()
	defer s2.Release()
	ranOnce(t, s1, true)
	ranOnce(t, s2, false)
	ranOnce(t, s1, true)
	ranOnce(t, s2, false)
	if n1.Load() != 2 || n2.Load() != 0 {
		t.Errorf("runs: %d and %d, want 2 and 0", n1.Load(), n2.Load())
	}
	// The leader stops: the other takes over at its next tick.
	s1.Release()
	ranOnce(t, s2, true)
	ranOnce(t, s1, false)
	if n2.Load() != 1 {
		t.Errorf("the new leader ran %d time(s), want 1", n2.Load())
	}
}

func TestTwoSchedulersAtOnceRunOnce(t *testing.T) {
	db, _ := postgres(t)
	var runs atomic.Int64
	release := make(chan struct{})
	job := func(context.Context) error { runs.Add(1); <-release; return nil }
	var wg sync.WaitGroup
	var ran atomic.Int64
	for range 2 {
		s := New(db, time.Minute, job, apptest.Logger())
		defer s.Release()
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, err := s.RunOnce(context.Background()); err != nil {
				t.Error(err)
			} else if ok {
				ran.Add(1)
			}
		}()
	}
	// The one that took the lock waits in its job; the other has skipped.
	for runs.Load() == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	close(release)
	wg.Wait()
	if runs.Load() != 1 || ran.Load() != 1 {
		t.Errorf("%d run(s), %d reported, want 1", runs.Load(), ran.Load())
	}
}

func TestALockHeldElsewhereSkipsTheRun(t *testing.T) {
	db, url := postgres(t)
	ctx := context.Background()
	other, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	if _, err := other.Exec(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", lockClass); err != nil {
		t.Fatal(err)
	}
	job, n := counting()
	s := New(db, time.Minute, job, apptest.Logger())
	defer s.Release()
	ranOnce(t, s, false)
	if _, err := other.Exec(ctx, "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", lockClass); err != nil {
		t.Fatal(err)
	}
	ranOnce(t, s, true)
	if n.Load() != 1 {
		t.Errorf("%d run(s), want 1", n.Load())
	}
}

func TestEachInstanceRunsOnSQLite(t *testing.T) {
	db := apptest.OpenDB(t, apptest.Config(t, apptest.SQLite))
	job, n := counting()
	s1, s2 := New(db, time.Minute, job, apptest.Logger()), New(db, time.Minute, job, apptest.Logger())
	ranOnce(t, s1, true)
	ranOnce(t, s2, true)
	if n.Load() != 2 {
		t.Errorf("%d run(s), want 2", n.Load())
	}
}

func TestRunTicksAndStopsWithItsContext(t *testing.T) {
	for _, dialect := range apptest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			db := apptest.OpenDB(t, apptest.Config(t, dialect))
			ticks := make(chan struct{}, 10)
			var runs atomic.Int64
			job := func(ctx context.Context) error {
				ticks <- struct{}{}
				if runs.Add(1) == 3 {
					<-ctx.Done() // a run in progress at shutdown ends with it
				}
				return ctx.Err()
			}
			ctx, cancel := context.WithCancel(context.Background())
			s := New(db, 10*time.Millisecond, job, apptest.Logger())
			done := make(chan struct{})
			go func() { s.Run(ctx); close(done) }()
			for range 3 {
				<-ticks
			}
			cancel()
			select {
			case <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("Run did not return once its context ended")
			}
			if db.Postgres() {
				// It gave up the lead on the way out.
				job2, n := counting()
				next := New(db, time.Minute, job2, apptest.Logger())
				defer next.Release()
				ranOnce(t, next, true)
				if n.Load() != 1 {
					t.Error("another scheduler could not take the lead")
				}
			}
		})
	}
}
