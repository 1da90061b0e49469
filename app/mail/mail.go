// Package mail sends LocalLibrary's e-mails (password resets): through SMTP when it is
// configured, otherwise into the log, as Django's console e-mail backend. SMTP is always
// encrypted (STARTTLS or implicit TLS) unless clear text is explicitly allowed; the log shows
// a message's secrets (its reset link) only in DEBUG.
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	netmail "net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"locallibrary/config"
)

// Message is one plain-text e-mail.
type Message struct {
	To, Subject, Body string
	// Secrets are parts of Body, such as a reset token, that the log backend hides outside DEBUG.
	Secrets []string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns the log sender when cfg sends mail to the log (EMAIL_BACKEND=log, or no
// SMTP_HOST), else the SMTP sender.
func New(cfg config.Config, log *slog.Logger) Sender {
	if cfg.MailToLog() {
		return LogSender{Log: log, From: cfg.SMTP.From, Reveal: cfg.Debug}
	}
	return newSMTP(cfg, log)
}

// NewDirect returns the sender of batches that must know whether each message went out (the
// notices, sent again later when not): the log sender as New, else an SMTP sender that
// delivers each message before returning its outcome.
func NewDirect(cfg config.Config, log *slog.Logger) Sender {
	if cfg.MailToLog() {
		return LogSender{Log: log, From: cfg.SMTP.From, Reveal: cfg.Debug}
	}
	return directSender{newSMTP(cfg, log)}
}

func newSMTP(cfg config.Config, log *slog.Logger) *SMTPSender {
	return &SMTPSender{cfg: cfg.SMTP, log: log, slots: make(chan struct{}, maxSending),
		tls: &tls.Config{ServerName: cfg.SMTP.Host, MinVersion: tls.VersionTLS12}}
}

// directSender delivers through SMTP and waits for the outcome.
type directSender struct{ s *SMTPSender }

// Send delivers m now.
func (d directSender) Send(ctx context.Context, m Message) error {
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return fmt.Errorf("mail: header injection in %q", m.To)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := d.s.deliver(ctx, m); err != nil {
		return fmt.Errorf("mail to %s: %w", m.To, err)
	}
	return nil
}

// maxSending bounds the messages in flight at once; more are dropped (and logged) rather than
// queued without limit.
const maxSending = 4

// LogSender writes each message to the log.
type LogSender struct {
	Log  *slog.Logger
	From string
	// Reveal writes the messages' secrets too (DEBUG): otherwise they read [redacted], since
	// logs are kept and read by more people than the mailbox.
	Reveal bool
}

// Send logs m.
func (s LogSender) Send(ctx context.Context, m Message) error {
	body := m.Body
	if !s.Reveal {
		for _, secret := range m.Secrets {
			if secret != "" {
				body = strings.ReplaceAll(body, secret, "[redacted]")
			}
		}
	}
	s.Log.InfoContext(ctx, "email", "from", s.From, "to", m.To, "subject", m.Subject, "body", body)
	return nil
}

// SMTPSender delivers through an SMTP server over TLS: implicit, or upgraded with STARTTLS.
type SMTPSender struct {
	cfg   config.SMTP
	log   *slog.Logger
	slots chan struct{}
	tls   *tls.Config
}

// ErrNoTLS refuses to send through a server that offers no STARTTLS, unless
// SMTP_ALLOW_PLAINTEXT is set: the message carries a live reset link.
var ErrNoTLS = errors.New("mail: the SMTP server offers no STARTTLS (set SMTP_ALLOW_PLAINTEXT=1 to send in clear text)")

// Send hands m to the server in the background, so the response time of the page that sends it
// does not depend on the mail server (nor tell whether a message was sent at all).
func (s *SMTPSender) Send(_ context.Context, m Message) error {
	if strings.ContainsAny(m.To+m.Subject, "\r\n") {
		return fmt.Errorf("mail: header injection in %q", m.To)
	}
	select {
	case s.slots <- struct{}{}:
	default:
		return fmt.Errorf("mail: %d messages already being sent; dropped the one to %s", maxSending, m.To)
	}
	go func() {
		defer func() { <-s.slots }()
		if err := s.deliver(context.Background(), m); err != nil {
			s.log.Error("email not sent", "to", m.To, "subject", m.Subject, "err", err)
		}
	}()
	return nil
}

// dial connects to the server, over TLS from the start in implicit mode, and upgrades the
// connection with STARTTLS otherwise.
func (s *SMTPSender) dial(deadline time.Time) (*smtp.Client, error) {
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	dialer := &net.Dialer{Timeout: 10 * time.Second, Deadline: deadline}
	var conn net.Conn
	var err error
	if s.cfg.TLS == config.TLSImplicit {
		conn, err = tls.DialWithDialer(dialer, "tcp", addr, s.tls)
	} else {
		conn, err = dialer.Dial("tcp", addr)
	}
	if err != nil {
		return nil, err
	}
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return nil, err
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if s.cfg.TLS == config.TLSImplicit {
		return c, nil
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		err = c.StartTLS(s.tls)
	} else if !s.cfg.AllowPlaintext {
		err = ErrNoTLS
	}
	if err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// deliver sends m within a minute, or by ctx's deadline when it is sooner.
func (s *SMTPSender) deliver(ctx context.Context, m Message) error {
	deadline := time.Now().Add(time.Minute)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c, err := s.dial(deadline)
	if err != nil {
		return err
	}
	defer c.Close()
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return err
		}
	}
	// EMAIL_FROM was checked at start-up: the envelope takes its address, the header the whole
	// of it, the name encoded if it goes beyond ASCII.
	from, err := netmail.ParseAddress(s.cfg.From)
	if err != nil {
		return fmt.Errorf("EMAIL_FROM: %w", err)
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	// A subject beyond ASCII ("Cien años") travels as an RFC 2047 encoded word.
	header := from.Address
	if from.Name != "" {
		header = from.String()
	}
	msg := "From: " + header + "\r\nTo: " + m.To + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", m.Subject) +
		"\r\nDate: " + time.Now().Format(time.RFC1123Z) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		strings.ReplaceAll(m.Body, "\n", "\r\n")
	if _, err := w.Write([]byte(msg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}
