package config

import (
	"net/mail"
	"strings"
)

// E-mail backends (EMAIL_BACKEND), as Django's EMAIL_BACKEND chooses SMTP or the console.
const (
	EmailSMTP = "smtp"
	EmailLog  = "log"
)

// SMTP TLS modes (SMTP_TLS).
const (
	// TLSStartTLS upgrades the connection with STARTTLS before anything is sent (port 587).
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit = "implicit"
)

// MailToLog reports whether e-mails go to the log rather than to an SMTP server.
func (c Config) MailToLog() bool {
	return c.EmailBackend == EmailLog || c.SMTP.Host == ""
}

// mail reads EMAIL_BACKEND, SMTP_TLS and SMTP_ALLOW_PLAINTEXT.
func (p *parser) mail(c *Config) {
	c.EmailBackend = strings.ToLower(p.str("EMAIL_BACKEND", ""))
	switch c.EmailBackend {
	case "", EmailLog:
	case EmailSMTP:
		if c.SMTP.Host == "" {
			p.fail("EMAIL_BACKEND", "smtp needs SMTP_HOST")
		}
	default:
		p.fail("EMAIL_BACKEND", "%q is not smtp or log", c.EmailBackend)
	}
	tlsDefault := TLSStartTLS
	if c.SMTP.Port == 465 {
		tlsDefault = TLSImplicit
	}
	c.SMTP.TLS = strings.ToLower(p.str("SMTP_TLS", tlsDefault))
	if c.SMTP.TLS != TLSStartTLS && c.SMTP.TLS != TLSImplicit {
		p.fail("SMTP_TLS", "%q is not starttls or implicit", c.SMTP.TLS)
	}
	c.SMTP.AllowPlaintext = p.boolean("SMTP_ALLOW_PLAINTEXT", false)
	// One address, with or without a name, as Django's DEFAULT_FROM_EMAIL: its address goes into
	// SMTP's MAIL FROM, the whole of it into the From header.
	if _, err := mail.ParseAddress(c.SMTP.From); err != nil || strings.ContainsAny(c.SMTP.From, "\r\n") {
		p.fail("EMAIL_FROM", "%q is not an e-mail address (library@example.org or Library <library@example.org>)", c.SMTP.From)
	}
}
