package cli

import (
	"strings"
	"testing"

	"locallibrary/config"
)

// goodKey is a SECRET_KEY the deployment checks accept (64 random hex digits).
const goodKey = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"

// production is a configuration that passes the deployment checks without a warning.
func production() map[string]string {
	return map[string]string{
		"DATABASE_URL": "postgres://library@db.internal:5432/library", "SECRET_KEY": goodKey,
		"SMTP_HOST": "smtp.example.com", "COOKIE_SECURE": "1", "BASE_URL": "https://library.example.com",
		"RATE_LIMIT": "300/1m", "METRICS_ADDR": "10.0.0.5:9090",
	}
}

func with(env map[string]string, kv ...string) map[string]string {
	for i := 0; i+1 < len(kv); i += 2 {
		env[kv[i]] = kv[i+1]
	}
	return env
}

func TestCheckDeploy(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		code int
		// lines the output must hold, as "LEVEL VAR"
		want []string
	}{
		{"production", production(), 0, []string{"System check identified no issues."}},
		{"compose placeholder key", with(production(), "SECRET_KEY", "change-me-to-a-long-random-string-of-50-chars-or-more"), 1,
			[]string{"ERROR   SECRET_KEY: a published placeholder"}},
		{"development key", with(production(), "SECRET_KEY", config.InsecureDevelopmentKey), 1, []string{"ERROR   SECRET_KEY"}},
		{"repeated characters", with(production(), "SECRET_KEY", strings.Repeat("ab", 30)), 1, []string{"ERROR   SECRET_KEY: too predictable"}},
		{"short hex key", with(production(), "SECRET_KEY", "0123456789abcdef0123456789abcde"), 2, nil},
		{"log mail backend by default", with(production(), "SMTP_HOST", ""), 1, []string{"ERROR   EMAIL_BACKEND"}},
		{"log mail backend chosen", with(production(), "SMTP_HOST", "", "EMAIL_BACKEND", "log"), 0, []string{"WARNING EMAIL_BACKEND: log"}},
		{"clear-text SMTP allowed", with(production(), "SMTP_ALLOW_PLAINTEXT", "1"), 0, []string{"WARNING SMTP_ALLOW_PLAINTEXT"}},
		{"cookies not secure", with(production(), "COOKIE_SECURE", "0"), 0, []string{"WARNING COOKIE_SECURE: off", "1 issue(s) (0 error(s))"}},
		{"DEBUG on", with(production(), "DEBUG", "1"), 0, []string{"WARNING DEBUG"}},
		{"plain HTTP links", with(production(), "BASE_URL", "http://library.example.com"), 0, []string{"WARNING BASE_URL"}},
		{"links to localhost", with(production(), "BASE_URL", "https://localhost:3000"), 0, []string{"WARNING BASE_URL"}},
		{"no rate limit", with(production(), "RATE_LIMIT", ""), 0, []string{"WARNING RATE_LIMIT"}},
		{"metrics on every interface", with(production(), "METRICS_ADDR", ":9090"), 0, []string{"WARNING METRICS_ADDR"}},
		{"metrics on 0.0.0.0", with(production(), "METRICS_ADDR", "0.0.0.0:9090"), 0, []string{"WARNING METRICS_ADDR"}},
		{"bad argument", production(), 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"check", "--deploy"}
			if tt.name == "bad argument" {
				args = []string{"check", "--deplyo"}
			}
			code, out, stderr := runWith(tt.env, args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	t.Run("without --deploy", func(t *testing.T) {
		code, out, _ := runWith(with(production(), "SECRET_KEY", config.InsecureDevelopmentKey), "check")
		if code != 0 || !strings.Contains(out, "no issues") {
			t.Errorf("exit %d: %s", code, out)
		}
	})
}

func TestServeRunsTheDeployChecks(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"placeholder key", with(production(), "SECRET_KEY", "change-me-to-a-long-random-string-of-50-chars-or-more"), "config: SECRET_KEY: a published placeholder"},
		{"log mail backend by default", with(production(), "SMTP_HOST", ""), "config: EMAIL_BACKEND: no SMTP_HOST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWith(tt.env, "serve")
			if code != 1 || !strings.HasPrefix(stderr, "locallibrary: "+tt.want) || strings.Count(stderr, "\n") != 1 {
				t.Errorf("exit %d, stderr %q: want one line starting %q", code, stderr, tt.want)
			}
		})
	}
}
