// Package config reads LocalLibrary's settings from the environment.
package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Config holds every setting the site reads at start-up.
type Config struct {
	// DatabaseURL is a postgres:// URL, or sqlite:PATH; empty means the embedded SQLite file SQLitePath.
	DatabaseURL string
	// SQLitePath is the embedded database file used when DatabaseURL is empty or sqlite:PATH.
	SQLitePath string
	// DBMaxConns caps the Postgres connection pool.
	DBMaxConns int
	Addr       string
	SecretKey  string
	Debug      bool
	// SessionTTL is the idle lifetime of a session; SessionMaxAge the absolute one.
	SessionTTL    time.Duration
	SessionMaxAge time.Duration
	CookieSecure  bool
	RunMigrations bool
	// ShutdownTimeout bounds how long in-flight requests may finish after SIGTERM.
	ShutdownTimeout time.Duration
	// RequestTimeout is every request's deadline, carried into its queries; PostgreSQL's
	// statement, lock and idle-in-transaction timeouts derive from it.
	RequestTimeout time.Duration
	// AnonSessionTTL is the idle lifetime of a session without a logged-in user (the visit
	// counter's); logged-in sessions keep SessionTTL.
	AnonSessionTTL time.Duration
	// BaseURL is the site's public address, used in password reset e-mails.
	BaseURL string
	// LoginFailures failed logins for one username from one address within LoginWindow make
	// that pair wait (429); an address gets five times as many over all usernames.
	LoginFailures int
	LoginWindow   time.Duration
	// PasswordResetTimeout is how long a password reset link stays valid.
	PasswordResetTimeout time.Duration
	// TrustedProxies are the proxies whose X-Forwarded-For header names the client: CIDR ranges,
	// single addresses as /32 or /128.
	TrustedProxies []netip.Prefix
	// EmailBackend is EMAIL_BACKEND as given: EmailSMTP, EmailLog, or empty for SMTP when
	// SMTP_HOST is set and the log otherwise (see MailToLog).
	EmailBackend string
	SMTP         SMTP
	// RateLimit limits each client's requests (off unless RATE_LIMIT is set).
	RateLimit RateLimit
	// MetricsAddr is where Prometheus metrics are served, apart from the site; empty for none.
	MetricsAddr string
	// Circulation holds the rules of holds and notices.
	Circulation Circulation
}

// SMTP holds the outgoing mail settings; with no Host, e-mails are written to the log.
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
	// TLS is TLSStartTLS (the default) or TLSImplicit (the default on port 465).
	TLS string
	// AllowPlaintext lets mail go in clear text to a server that offers no STARTTLS.
	AllowPlaintext bool
}

// Postgres reports whether the site runs on PostgreSQL rather than the embedded SQLite file.
func (c Config) Postgres() bool {
	return strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://")
}

// Load reads the settings through getenv, applies defaults and validates them.
// The error names the variable at fault in one line.
func Load(getenv func(string) string) (Config, error) {
	p := parser{getenv: getenv}
	c := Config{
		DatabaseURL:          strings.TrimSpace(getenv("DATABASE_URL")),
		Addr:                 p.str("ADDR", ":3000"),
		SecretKey:            getenv("SECRET_KEY"),
		SessionTTL:           p.duration("SESSION_TTL", 14*24*time.Hour),
		SessionMaxAge:        p.duration("SESSION_MAX_AGE", 30*24*time.Hour),
		CookieSecure:         p.boolean("COOKIE_SECURE", false),
		DBMaxConns:           p.integer("DB_MAX_CONNS", 20, 1, 1000),
		ShutdownTimeout:      p.duration("SHUTDOWN_TIMEOUT", 10*time.Second),
		LoginFailures:        p.integer("LOGIN_FAILURE_LIMIT", 10, 1, 1_000_000),
		LoginWindow:          p.duration("LOGIN_FAILURE_WINDOW", 15*time.Minute),
		PasswordResetTimeout: p.duration("PASSWORD_RESET_TIMEOUT", 3*24*time.Hour),
		RequestTimeout:       p.duration("REQUEST_TIMEOUT", 10*time.Second),
		AnonSessionTTL:       p.duration("ANON_SESSION_TTL", 0),
		TrustedProxies:       p.prefixes("TRUSTED_PROXIES"),
		SMTP: SMTP{
			Host:     strings.TrimSpace(getenv("SMTP_HOST")),
			Port:     p.integer("SMTP_PORT", 587, 1, 65535),
			Username: getenv("SMTP_USERNAME"),
			Password: getenv("SMTP_PASSWORD"),
			From:     p.str("EMAIL_FROM", "webmaster@localhost"),
		},
	}
	// Like Django's startproject settings, the embedded default is a development set-up.
	c.Debug = p.boolean("DEBUG", c.DatabaseURL == "")
	// The embedded database migrates itself so that `go run .` works on a fresh machine.
	c.RunMigrations = p.boolean("RUN_MIGRATIONS", c.DatabaseURL == "")
	p.mail(&c)
	c.RateLimit = p.rateLimit()
	c.MetricsAddr = p.metricsAddr()
	c.Circulation = p.circulation()
	c.SQLitePath = "db.sqlite3"
	if p.err != nil {
		return Config{}, p.err
	}
	if err := c.validate(); err != nil {
		return Config{}, err
	}
	c.BaseURL = strings.TrimRight(p.str("BASE_URL", "http://localhost"+portOf(c.Addr)), "/")
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Config{}, fmt.Errorf("config: BASE_URL: %q is not an http(s) URL", c.BaseURL)
	}
	if c.SecretKey == "" {
		c.SecretKey = InsecureDevelopmentKey
	}
	return c, nil
}

func (c *Config) validate() error {
	switch {
	case c.DatabaseURL == "":
	case c.Postgres():
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || u.Host == "" {
			return fmt.Errorf("config: DATABASE_URL: not a valid postgres URL (want postgres://user@host:port/dbname)")
		}
	case strings.HasPrefix(c.DatabaseURL, "sqlite:"):
		c.SQLitePath = strings.TrimPrefix(strings.TrimPrefix(c.DatabaseURL, "sqlite:"), "//")
		if c.SQLitePath == "" {
			return fmt.Errorf("config: DATABASE_URL: sqlite: needs a file path (sqlite:db.sqlite3)")
		}
	default:
		return fmt.Errorf("config: DATABASE_URL: unsupported %q (want postgres://... or sqlite:PATH)", scheme(c.DatabaseURL))
	}
	if !validHostPort(c.Addr) {
		return fmt.Errorf("config: ADDR: %q is not host:port with a port from 0 to 65535 (e.g. :3000)", c.Addr)
	}
	if c.SecretKey == "" && !c.Debug {
		return fmt.Errorf("config: SECRET_KEY: required unless DEBUG=1 (any long random string)")
	}
	if n := utf8.RuneCountInString(c.SecretKey); c.SecretKey != "" && n < 32 {
		return fmt.Errorf("config: SECRET_KEY: too short (%d characters, want at least 32)", n)
	}
	if c.SessionTTL < time.Minute {
		return fmt.Errorf("config: SESSION_TTL: %s is shorter than a minute", c.SessionTTL)
	}
	if c.SessionMaxAge < c.SessionTTL {
		return fmt.Errorf("config: SESSION_MAX_AGE: %s is shorter than SESSION_TTL (%s)", c.SessionMaxAge, c.SessionTTL)
	}
	return c.validateLimits()
}

// validateLimits checks the request deadline and the anonymous session lifetime, whose default
// is a day, or SESSION_TTL when that is shorter.
func (c *Config) validateLimits() error {
	if c.AnonSessionTTL == 0 {
		c.AnonSessionTTL = min(24*time.Hour, c.SessionTTL)
	}
	if c.RequestTimeout < time.Second || c.RequestTimeout > 10*time.Minute {
		return fmt.Errorf("config: REQUEST_TIMEOUT: %s is not between 1s and 10m", c.RequestTimeout)
	}
	if c.AnonSessionTTL < time.Minute || c.AnonSessionTTL > c.SessionTTL {
		return fmt.Errorf("config: ANON_SESSION_TTL: %s is not between a minute and SESSION_TTL (%s)", c.AnonSessionTTL, c.SessionTTL)
	}
	return nil
}

func scheme(u string) string {
	if i := strings.Index(u, ":"); i > 0 {
		return u[:i+1]
	}
	return u
}

// validHostPort reports whether addr is host:port with a numeric port that can be listened on.
func validHostPort(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	n, err := strconv.Atoi(port)
	return err == nil && n >= 0 && n <= 65535 && !strings.HasPrefix(port, "+")
}

func portOf(addr string) string {
	if _, port, err := net.SplitHostPort(addr); err == nil && port != "" {
		return ":" + port
	}
	return ""
}

// InsecureDevelopmentKey stands in for SECRET_KEY in DEBUG runs, as the key Django's
// startproject writes into settings.py: fixed, so that sessions and tokens survive a restart and
// work across processes, and public, so never fit for a real deployment.
const InsecureDevelopmentKey = "locallibrary-insecure-development-key-do-not-use-in-production"

// parser keeps the first error so Load can report one variable at a time.
type parser struct {
	getenv func(string) string
	err    error
}

func (p *parser) fail(name, format string, args ...any) {
	if p.err == nil {
		p.err = fmt.Errorf("config: "+name+": "+format, args...)
	}
}

func (p *parser) str(name, def string) string {
	if v := strings.TrimSpace(p.getenv(name)); v != "" {
		return v
	}
	return def
}

// prefixes reads a comma-separated list of IP addresses and CIDR ranges.
func (p *parser) prefixes(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, v := range strings.Split(p.getenv(name), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if pre, err := netip.ParsePrefix(v); err == nil {
			out = append(out, pre.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil || a.Zone() != "" {
			p.fail(name, "%q is not an IP address or CIDR range", v)
			continue
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out
}

func (p *parser) boolean(name string, def bool) bool {
	v := strings.TrimSpace(p.getenv(name))
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, "%q is not a boolean (use 1/0, true/false)", v)
	}
	return b
}

func (p *parser) integer(name string, def, lo, hi int) int {
	v := strings.TrimSpace(p.getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail(name, "%q is not a whole number between %d and %d", v, lo, hi)
	}
	return n
}

func (p *parser) duration(name string, def time.Duration) time.Duration {
	v := strings.TrimSpace(p.getenv(name))
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		p.fail(name, "%q is not a positive duration (e.g. 336h, 15m)", v)
	}
	return d
}
