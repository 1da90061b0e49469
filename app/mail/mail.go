// Package mail sends LocalLibrary's e-mails (password resets): through SMTP when it is
// configured, otherwise into the log, as Django's console e-mail backend.
package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"time"

	"locallibrary/config"
)

// Message is one plain-text e-mail.
type Message struct {
	To, Subject, Body string
}

// Sender delivers messages.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns the SMTP sender when cfg.Host is set, else the log sender.
func New(cfg config.SMTP, log *slog.Logger) Sender {
	if cfg.Host == "" {
		return LogSender{Log: log, From: cfg.From}
	}
	return &SMTPSender{cfg: cfg, log: log, slots: make(chan struct{}, maxSending)}
}

// maxSending bounds the messages in flight at once; more are dropped (and logged) rather than
// queued without limit.
const maxSending = 4

// LogSender writes each message to the log.
type LogSender struct {
	Log  *slog.Logger
	From string
}

// Send logs m.
func (s LogSender) Send(ctx context.Context, m Message) error {
	s.Log.InfoContext(ctx, "email", "from", s.From, "to", m.To, "subject", m.Subject, "body", m.Body)
	return nil
}

// SMTPSender delivers through an SMTP server (STARTTLS when offered).
type SMTPSender struct {
	cfg   config.SMTP
	log   *slog.Logger
	slots chan struct{}
}

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
		if err := s.deliver(m); err != nil {
			s.log.Error("email not sent", "to", m.To, "subject", m.Subject, "err", err)
		}
	}()
	return nil
}

func (s *SMTPSender) deliver(m Message) error {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port)), 10*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(time.Minute)); err != nil {
		return err
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: s.cfg.Host}); err != nil {
			return err
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return err
		}
	}
	if err := c.Mail(s.cfg.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	msg := "From: " + s.cfg.From + "\r\nTo: " + m.To + "\r\nSubject: " + m.Subject +
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
