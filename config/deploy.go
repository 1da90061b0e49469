package config

import (
	"fmt"
	"math"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Severity tells whether a deployment problem stops the server from starting.
type Severity int

// A Warning is logged at start; an Error refuses start (outside DEBUG).
const (
	Warning Severity = iota
	Error
)

// Problem is one finding of the deployment checks, about one variable.
type Problem struct {
	Severity Severity
	Var      string
	Msg      string
}

// Error makes a Problem an error: "config: VAR: message", like Load's errors.
func (p Problem) Error() string { return "config: " + p.Var + ": " + p.Msg }

// MinSecretBits is the least entropy DeployChecks accepts in SECRET_KEY, estimated as its
// length times log2 of the number of distinct characters in it: 32 hex digits just pass, a
// placeholder sentence or a repeated pattern does not.
const MinSecretBits = 128

// placeholders are SECRET_KEY values (or beginnings of values) published in this project or
// commonly pasted from examples.
var placeholders = []string{
	InsecureDevelopmentKey,
	"change-me", "changeme", "change_me", "replace-me", "your-secret-key", "secret-key", "django-insecure-",
}

// DeployChecks reviews the configuration for production, as Django's `manage.py check --deploy`.
// serve runs it at start when DEBUG is off: errors refuse to start, warnings are logged.
func (c Config) DeployChecks() []Problem {
	var ps []Problem
	add := func(s Severity, v, format string, args ...any) {
		ps = append(ps, Problem{Severity: s, Var: v, Msg: fmt.Sprintf(format, args...)})
	}
	if msg := weakSecret(c.SecretKey); msg != "" {
		add(Error, "SECRET_KEY", "%s; set a long random string (e.g. `openssl rand -hex 32`)", msg)
	}
	switch {
	case c.EmailBackend == "" && c.SMTP.Host == "":
		add(Error, "EMAIL_BACKEND", "no SMTP_HOST, so password reset e-mails would only be written to the log; "+
			"set SMTP_HOST, or EMAIL_BACKEND=log to accept that (reset links are then redacted)")
	case c.MailToLog():
		add(Warning, "EMAIL_BACKEND", "log: password reset e-mails are written to the log with their links redacted, so nobody receives them")
	case c.SMTP.AllowPlaintext:
		add(Warning, "SMTP_ALLOW_PLAINTEXT", "on: password reset links may travel to %s unencrypted", c.SMTP.Host)
	}
	if c.Debug {
		add(Warning, "DEBUG", "on: never deploy with DEBUG on (development logs, the development key)")
	}
	if !c.CookieSecure {
		add(Warning, "COOKIE_SECURE", "off: session and CSRF cookies also travel over plain HTTP and no HSTS header is sent; turn it on behind HTTPS")
	}
	if c.RateLimit.Max == 0 {
		add(Warning, "RATE_LIMIT", "off: no client is limited but for failed logins; set one such as 120/1m")
	}
	if host, _, err := net.SplitHostPort(c.MetricsAddr); err == nil {
		if ip, err := netip.ParseAddr(host); host == "" || (err == nil && ip.IsUnspecified()) {
			add(Warning, "METRICS_ADDR", "%s listens on every interface and metrics need no authentication: bind it to a private address or firewall the port", c.MetricsAddr)
		}
	}
	if u, err := url.Parse(c.BaseURL); err == nil {
		switch host := u.Hostname(); {
		case host == "localhost" || host == "127.0.0.1" || host == "::1":
			add(Warning, "BASE_URL", "%s: password reset links would point at this machine", c.BaseURL)
		case u.Scheme != "https":
			add(Warning, "BASE_URL", "%s: password reset links would travel over plain HTTP", c.BaseURL)
		}
	}
	return ps
}

// weakSecret says what is wrong with key for production, or "" when nothing is.
func weakSecret(key string) string {
	lower := strings.ToLower(key)
	for _, p := range placeholders {
		if strings.HasPrefix(lower, p) {
			return "a published placeholder or development key"
		}
	}
	n := utf8.RuneCountInString(key)
	distinct := map[rune]bool{}
	for _, r := range key {
		distinct[r] = true
	}
	if bits := float64(n) * math.Log2(float64(max(len(distinct), 1))); bits < MinSecretBits {
		return fmt.Sprintf("too predictable (%d characters, %d distinct: about %.0f bits, want %d)", n, len(distinct), bits, MinSecretBits)
	}
	return ""
}
