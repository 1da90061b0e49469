package notices

import (
	"context"
	"fmt"
	"io"
	"time"

	"gorm.io/gorm"
)

// Step is one circulation step run before the notices are sent, such as expiring the pickup
// windows that have passed: it returns how many holds or copies it changed.
type Step struct {
	Name string
	Run  func(ctx context.Context, db *gorm.DB, pickupDays int, now time.Time) (int, error)
}

// Report is what one run did: each step's count, then each kind's notices.
type Report struct {
	Steps   []StepCount
	Notices []Count
}

// StepCount is how many holds or copies a step changed.
type StepCount struct {
	Name string
	N    int
}

// Run runs the circulation steps in order, then sends the notices due: the job of `notify` and
// of serve's scheduler. A step that fails stops the run before the notices.
func (n *Notifier) Run(ctx context.Context, steps []Step, pickupDays int, now time.Time) (Report, error) {
	var r Report
	for _, s := range steps {
		c, err := s.Run(ctx, n.DB, pickupDays, now)
		if err != nil {
			return r, fmt.Errorf("%s: %w", s.Name, err)
		}
		r.Steps = append(r.Steps, StepCount{s.Name, c})
	}
	var err error
	r.Notices, err = n.Send(ctx, now)
	return r, err
}

// Print writes the report, one line per step and per kind of notice.
func (r Report) Print(w io.Writer) {
	for _, s := range r.Steps {
		fmt.Fprintf(w, "%s: %d\n", s.Name, s.N)
	}
	for _, c := range r.Notices {
		fmt.Fprintf(w, "%s: %d sent", c.Kind, c.Sent)
		if c.Failed > 0 {
			fmt.Fprintf(w, ", %d failed (sent again by the next run)", c.Failed)
		}
		fmt.Fprintln(w)
	}
}

// LogValues are the report's counts as key-value pairs for a log line.
func (r Report) LogValues() []any {
	var kv []any
	for _, s := range r.Steps {
		kv = append(kv, s.Name, s.N)
	}
	for _, c := range r.Notices {
		kv = append(kv, c.Kind, c.Sent)
		if c.Failed > 0 {
			kv = append(kv, c.Kind+"_failed", c.Failed)
		}
	}
	return kv
}
