package config

import (
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(envOf(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":3000" || c.SessionTTL != 14*24*time.Hour || c.SQLitePath != "db.sqlite3" || c.Postgres() {
		t.Errorf("defaults: %+v", c)
	}
	if c.BaseURL != "http://localhost:3000" || c.LoginFailures != 10 || c.LoginWindow != 15*time.Minute {
		t.Errorf("defaults: %+v", c)
	}
	if c.RequestTimeout != 10*time.Second || c.AnonSessionTTL != 24*time.Hour {
		t.Errorf("defaults: REQUEST_TIMEOUT %s, ANON_SESSION_TTL %s", c.RequestTimeout, c.AnonSessionTTL)
	}
	if !c.Debug || !c.RunMigrations {
		t.Errorf("the embedded default should be a DEBUG set-up that migrates itself: %+v", c)
	}
	if c.SecretKey != InsecureDevelopmentKey {
		t.Errorf("DEBUG without SECRET_KEY should use the development key, got %q", c.SecretKey)
	}
}

func TestLoadPostgres(t *testing.T) {
	c, err := Load(envOf(map[string]string{
		"DATABASE_URL":  "postgres://u@db:5432/library?sslmode=disable",
		"SECRET_KEY":    strings.Repeat("k", 40),
		"COOKIE_SECURE": "true", "SESSION_TTL": "1h", "DB_MAX_CONNS": "7",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Postgres() || c.Debug || c.RunMigrations || !c.CookieSecure || c.SessionTTL != time.Hour || c.DBMaxConns != 7 {
		t.Errorf("got %+v", c)
	}
}

func TestLoadSQLitePath(t *testing.T) {
	c, err := Load(envOf(map[string]string{"DATABASE_URL": "sqlite:/tmp/x.db", "DEBUG": "1"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SQLitePath != "/tmp/x.db" || c.Postgres() {
		t.Errorf("got %+v", c)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	key := strings.Repeat("k", 40)
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"mysql url", map[string]string{"DATABASE_URL": "mysql://x/y", "SECRET_KEY": key}, "DATABASE_URL"},
		{"garbage url", map[string]string{"DATABASE_URL": "nonsense", "SECRET_KEY": key}, "DATABASE_URL"},
		{"postgres without host", map[string]string{"DATABASE_URL": "postgres://", "SECRET_KEY": key}, "DATABASE_URL"},
		{"no secret outside debug", map[string]string{"DATABASE_URL": "postgres://db/x"}, "SECRET_KEY"},
		{"short secret", map[string]string{"SECRET_KEY": "short"}, "SECRET_KEY"},
		{"bad debug", map[string]string{"DEBUG": "maybe"}, "DEBUG"},
		{"bad ttl", map[string]string{"SESSION_TTL": "forever"}, "SESSION_TTL"},
		{"negative ttl", map[string]string{"SESSION_TTL": "-5m"}, "SESSION_TTL"},
		{"tiny ttl", map[string]string{"SESSION_TTL": "5s"}, "SESSION_TTL"},
		{"max age below ttl", map[string]string{"SESSION_TTL": "48h", "SESSION_MAX_AGE": "24h"}, "SESSION_MAX_AGE"},
		{"bad cookie secure", map[string]string{"COOKIE_SECURE": "yes please"}, "COOKIE_SECURE"},
		{"bad run migrations", map[string]string{"RUN_MIGRATIONS": "2"}, "RUN_MIGRATIONS"},
		{"bad addr", map[string]string{"ADDR": "3000"}, "ADDR"},
		{"addr port out of range", map[string]string{"ADDR": "127.0.0.1:99999"}, "ADDR"},
		{"addr port not a number", map[string]string{"ADDR": ":http-alt"}, "ADDR"},
		{"metrics port out of range", map[string]string{"METRICS_ADDR": "127.0.0.1:70000"}, "METRICS_ADDR"},
		{"email from not an address", map[string]string{"EMAIL_FROM": "not an address"}, "EMAIL_FROM"},
		{"email from, two addresses", map[string]string{"EMAIL_FROM": "a@example.org, b@example.org"}, "EMAIL_FROM"},
		{"email from with a line break", map[string]string{"EMAIL_FROM": "a@example.org\r\nBcc: b@example.org"}, "EMAIL_FROM"},
		{"bad pool", map[string]string{"DB_MAX_CONNS": "0"}, "DB_MAX_CONNS"},
		{"bad base url", map[string]string{"BASE_URL": "ftp://x"}, "BASE_URL"},
		{"bad proxy", map[string]string{"TRUSTED_PROXIES": "10.0.0.1, nonsense"}, "TRUSTED_PROXIES"},
		{"proxy with a zone", map[string]string{"TRUSTED_PROXIES": "fe80::1%eth0"}, "TRUSTED_PROXIES"},
		{"bad failure limit", map[string]string{"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT"},
		{"bad failure window", map[string]string{"LOGIN_FAILURE_WINDOW": "a while"}, "LOGIN_FAILURE_WINDOW"},
		{"bad reset timeout", map[string]string{"PASSWORD_RESET_TIMEOUT": "0"}, "PASSWORD_RESET_TIMEOUT"},
		{"bad smtp port", map[string]string{"SMTP_PORT": "99999"}, "SMTP_PORT"},
		{"unknown email backend", map[string]string{"EMAIL_BACKEND": "console"}, "EMAIL_BACKEND"},
		{"smtp backend without a host", map[string]string{"EMAIL_BACKEND": "smtp"}, "EMAIL_BACKEND"},
		{"bad smtp tls", map[string]string{"SMTP_TLS": "ssl3"}, "SMTP_TLS"},
		{"bad plaintext switch", map[string]string{"SMTP_ALLOW_PLAINTEXT": "sometimes"}, "SMTP_ALLOW_PLAINTEXT"},
		{"rate limit without window", map[string]string{"RATE_LIMIT": "120"}, "RATE_LIMIT"},
		{"rate limit of nothing", map[string]string{"RATE_LIMIT": "0/1m"}, "RATE_LIMIT"},
		{"rate limit window too short", map[string]string{"RATE_LIMIT": "5/100ms"}, "RATE_LIMIT"},
		{"rate limit garbage", map[string]string{"RATE_LIMIT": "lots/1m"}, "RATE_LIMIT"},
		{"bad rate limit storage", map[string]string{"RATE_LIMIT_STORAGE": "redis"}, "RATE_LIMIT_STORAGE"},
		{"bad metrics address", map[string]string{"METRICS_ADDR": "9090"}, "METRICS_ADDR"},
		{"short secret in characters", map[string]string{"SECRET_KEY": strings.Repeat("é", 20)}, "SECRET_KEY"},
		{"bad request timeout", map[string]string{"REQUEST_TIMEOUT": "soon"}, "REQUEST_TIMEOUT"},
		{"tiny request timeout", map[string]string{"REQUEST_TIMEOUT": "10ms"}, "REQUEST_TIMEOUT"},
		{"huge request timeout", map[string]string{"REQUEST_TIMEOUT": "1h"}, "REQUEST_TIMEOUT"},
		{"bad anonymous ttl", map[string]string{"ANON_SESSION_TTL": "0"}, "ANON_SESSION_TTL"},
		{"tiny anonymous ttl", map[string]string{"ANON_SESSION_TTL": "5s"}, "ANON_SESSION_TTL"},
		{"anonymous ttl above ttl", map[string]string{"SESSION_TTL": "1h", "ANON_SESSION_TTL": "2h"}, "ANON_SESSION_TTL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(envOf(tt.env))
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "config: "+tt.want+":") || strings.Contains(msg, "\n") {
				t.Errorf("error %q should be one line naming %s", msg, tt.want)
			}
		})
	}
}

func TestTrustedProxiesBecomePrefixes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"10.0.0.1", "10.0.0.1/32"},
		{"10.1.2.3/8", "10.0.0.0/8"},
		{" 10.0.0.1 , 192.168.0.0/16 ", "10.0.0.1/32 192.168.0.0/16"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"::ffff:10.0.0.1", "10.0.0.1/32"},
		{"2001:db8::/32", "2001:db8::/32"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := Load(envOf(map[string]string{"TRUSTED_PROXIES": tt.in}))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range c.TrustedProxies {
				got = append(got, p.String())
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("TRUSTED_PROXIES=%q: %v, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestMailSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		toLog   bool
		tls     string
		allowed bool
	}{
		{"nothing set", nil, true, TLSStartTLS, false},
		{"smtp host", map[string]string{"SMTP_HOST": "smtp.example.com"}, false, TLSStartTLS, false},
		{"port 465", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_PORT": "465"}, false, TLSImplicit, false},
		{"explicit tls", map[string]string{"SMTP_HOST": "smtp.example.com", "SMTP_TLS": "IMPLICIT"}, false, TLSImplicit, false},
		{"log chosen over a host", map[string]string{"SMTP_HOST": "smtp.example.com", "EMAIL_BACKEND": "log"}, true, TLSStartTLS, false},
		{"clear text allowed", map[string]string{"SMTP_HOST": "relay", "SMTP_ALLOW_PLAINTEXT": "1"}, false, TLSStartTLS, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.MailToLog() != tt.toLog || c.SMTP.TLS != tt.tls || c.SMTP.AllowPlaintext != tt.allowed {
				t.Errorf("to log %v, TLS %q, plaintext %v", c.MailToLog(), c.SMTP.TLS, c.SMTP.AllowPlaintext)
			}
		})
	}
}

func TestRateLimitSettings(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want RateLimit
	}{
		{nil, RateLimit{}},
		{map[string]string{"RATE_LIMIT": "off"}, RateLimit{}},
		{map[string]string{"RATE_LIMIT": "120/1m"}, RateLimit{Max: 120, Window: time.Minute}},
		{map[string]string{"RATE_LIMIT": " 10 / 1s ", "RATE_LIMIT_STORAGE": "Database"}, RateLimit{Max: 10, Window: time.Second, Shared: true}},
	}
	for _, tt := range tests {
		t.Run(tt.env["RATE_LIMIT"], func(t *testing.T) {
			c, err := Load(envOf(tt.env))
			if err != nil {
				t.Fatal(err)
			}
			if c.RateLimit != tt.want {
				t.Errorf("got %+v, want %+v", c.RateLimit, tt.want)
			}
		})
	}
}

func TestCirculation(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Circulation; got != (Circulation{HoldLimit: 5, HoldPickupDays: 7, HoldRefuseOverdue: true, NotifyInterval: 15 * time.Minute}) {
		t.Errorf("defaults: %+v", got)
	}
	c, err = Load(env(map[string]string{"HOLD_LIMIT": "2", "HOLD_PICKUP_DAYS": "3", "HOLD_REFUSE_OVERDUE": "0", "NOTIFY_INTERVAL": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Circulation; got != (Circulation{HoldLimit: 2, HoldPickupDays: 3}) {
		t.Errorf("set: %+v", got)
	}
	for name, v := range map[string]string{"HOLD_LIMIT": "0", "HOLD_PICKUP_DAYS": "x", "HOLD_REFUSE_OVERDUE": "maybe", "NOTIFY_INTERVAL": "5s"} {
		_, err := Load(env(map[string]string{name: v}))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v, want an error naming it", name, v, err)
		}
	}
}
