// Package notices e-mails members their notices: a hold ready for pickup, a loan due in two days,
// and reminders one and seven days after its due date. Each notice is sent once: its record in
// catalog_notice is written in the transaction that sends it (models.SendNotice).
package notices

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"locallibrary/app/mail"
	"locallibrary/app/render"
	"locallibrary/models"
)

// DefaultBatch is how many notices of a kind one query reads.
const DefaultBatch = 500

// Notifier sends the notices that are due; app.NewNotifier builds it.
type Notifier struct {
	DB    *gorm.DB
	Views *render.Renderer
	// Mail must report whether each message went out (mail.NewDirect): a failed notice is
	// sent again by the next run.
	Mail    mail.Sender
	BaseURL string
	Log     *slog.Logger
	// Batch is how many notices of a kind are read at once (DefaultBatch when 0).
	Batch int
	// SendTimeout bounds each e-mail (none when 0): it is sent inside the transaction that
	// records it, which the database ends after a while idle (REQUEST_TIMEOUT in serve).
	SendTimeout time.Duration
}

// Count is what a run did for one kind of notice: notices sent, and notices that could not be
// sent (left for the next run).
type Count struct {
	Kind         string
	Sent, Failed int
}

// Send sends every notice due on now's day, kind by kind, each in batches of n.Batch read by
// one query. A notice that fails is logged and counted, and the run goes on; an error is
// returned only when the notices cannot be read (or ctx ends).
func (n *Notifier) Send(ctx context.Context, now time.Time) ([]Count, error) {
	today := models.NewDate(now)
	var counts []Count
	for _, kind := range models.NoticeKinds() {
		c, err := n.sendKind(ctx, kind, today, now)
		counts = append(counts, c)
		if err != nil {
			return counts, err
		}
	}
	return counts, nil
}

func (n *Notifier) sendKind(ctx context.Context, kind string, today models.Date, now time.Time) (Count, error) {
	c := Count{Kind: kind}
	err := n.each(ctx, kind, today, func(d models.DueNotice) {
		sent, err := models.SendNotice(ctx, n.DB, d, now, func() error { return n.deliver(ctx, d) })
		switch {
		case err != nil:
			c.Failed++
			n.Log.ErrorContext(ctx, "notice not sent", "kind", kind, "key", d.Key, "user", d.UserID, "err", err)
		case sent:
			c.Sent++
		}
	})
	return c, err
}

// Due calls fn with every notice due on now's day, kind by kind, without sending or recording
// any (notify --dry-run).
func (n *Notifier) Due(ctx context.Context, now time.Time, fn func(models.DueNotice)) error {
	for _, kind := range models.NoticeKinds() {
		if err := n.each(ctx, kind, models.NewDate(now), fn); err != nil {
			return err
		}
	}
	return nil
}

// each calls fn with every notice of kind due on today, reading them in batches of n.Batch.
func (n *Notifier) each(ctx context.Context, kind string, today models.Date, fn func(models.DueNotice)) error {
	batch := n.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	for after := (models.DueNotice{}); ; {
		due, err := models.DueNotices(ctx, n.DB, kind, today, after, batch)
		if err != nil {
			return err
		}
		for _, d := range due {
			if err := ctx.Err(); err != nil {
				return err
			}
			after = d
			fn(d)
		}
		if len(due) < batch {
			return nil
		}
	}
}

// deliver renders the notice's template and sends it.
func (n *Notifier) deliver(ctx context.Context, d models.DueNotice) error {
	m, err := n.Message(d)
	if err != nil {
		return err
	}
	if n.SendTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, n.SendTimeout)
		defer cancel()
	}
	return n.Mail.Send(ctx, m)
}

// Message renders notice d from its template views/notices/<kind>.txt, whose first line is
// "Subject: ..." and the rest, after a blank line, the body.
func (n *Notifier) Message(d models.DueNotice) (mail.Message, error) {
	// A title is one line in a notice whatever it holds (a CSV cell may hold line breaks).
	d.Title = oneLine(d.Title)
	text, err := n.Views.Text("notices/"+d.Kind, map[string]any{"notice": d, "base_url": n.BaseURL})
	if err != nil {
		return mail.Message{}, err
	}
	first, body, _ := strings.Cut(text, "\n")
	subject, ok := strings.CutPrefix(first, "Subject: ")
	if !ok {
		return mail.Message{}, fmt.Errorf("notices/%s.txt: the first line is not \"Subject: ...\"", d.Kind)
	}
	return mail.Message{To: d.Email, Subject: oneLine(subject), Body: strings.TrimLeft(body, "\n")}, nil
}

// oneLine collapses the runs of spaces and control characters of s into single spaces.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
}
