package apptest

import (
	"context"
	"sync"

	"locallibrary/app/mail"
)

// Mailbox is a mail sender that keeps what it is sent, for tests; Fail makes it refuse.
type Mailbox struct {
	mu   sync.Mutex
	msgs []mail.Message
	fail error
}

// Send keeps m, or returns the error set by Fail.
func (b *Mailbox) Send(_ context.Context, m mail.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.fail != nil {
		return b.fail
	}
	b.msgs = append(b.msgs, m)
	return nil
}

// Fail makes Send return err from now on (nil: accept again).
func (b *Mailbox) Fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.fail = err
}

// Messages returns the messages kept so far, oldest first.
func (b *Mailbox) Messages() []mail.Message {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]mail.Message(nil), b.msgs...)
}
