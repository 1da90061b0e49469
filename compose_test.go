package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	composecli "github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"

	"locallibrary/app/cli"
)

// composeKey is the SECRET_KEY the compose file is loaded with: it has no default.
const composeKey = "3b9d5f7a1c2e4f60819273a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8"

// loadCompose loads docker-compose.yml with env (KEY=value) as the only environment, so that
// its defaults apply.
func loadCompose(env ...string) (*types.Project, error) {
	opts, err := composecli.NewProjectOptions([]string{"docker-compose.yml"},
		composecli.WithName("locallibrary"),
		composecli.WithWorkingDirectory("."),
		composecli.WithEnv(env),
	)
	if err != nil {
		return nil, fmt.Errorf("compose options: %w", err)
	}
	return opts.LoadProject(context.Background())
}

// checkDeploy runs `locallibrary check --deploy` with the service's environment, changed by
// override, and returns the exit status and everything printed.
func checkDeploy(s types.ServiceConfig, override map[string]string) (int, string) {
	env := map[string]string{}
	for k, v := range s.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	for k, v := range override {
		env[k] = v
	}
	var out strings.Builder
	code := cli.Run([]string{"check", "--deploy"}, strings.NewReader(""), &out, &out, func(k string) string { return env[k] })
	return code, out.String()
}

func TestComposeNeedsASecretKey(t *testing.T) {
	_, err := loadCompose()
	if err == nil || !strings.Contains(err.Error(), "SECRET_KEY") || !strings.Contains(err.Error(), "openssl rand") {
		t.Errorf("docker compose without SECRET_KEY: %v, want a message naming SECRET_KEY", err)
	}
}

// service returns the named service or stops the test.
func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %q: %v", name, err)
	}
	return s
}

// envValue returns a service environment variable and whether it is set to a value.
func envValue(s types.ServiceConfig, name string) (string, bool) {
	v, ok := s.Environment[name]
	if !ok || v == nil {
		return "", false
	}
	return *v, true
}

func TestCompose(t *testing.T) {
	p, err := loadCompose("SECRET_KEY=" + composeKey)
	if err != nil {
		t.Fatalf("load docker-compose.yml: %v", err)
	}
	tests := []struct {
		name  string
		check func(t *testing.T, p *types.Project)
	}{
		{"db uses the official postgres image", func(t *testing.T, p *types.Project) {
			image := service(t, p, "db").Image
			repo, _, _ := strings.Cut(image, ":")
			if !slices.Contains([]string{"postgres", "library/postgres", "docker.io/library/postgres"}, repo) {
				t.Errorf("db image = %q, want the official postgres image", image)
			}
		}},
		{"db keeps its data in a named volume", func(t *testing.T, p *types.Project) {
			db := service(t, p, "db")
			i := slices.IndexFunc(db.Volumes, func(v types.ServiceVolumeConfig) bool {
				return v.Target == "/var/lib/postgresql/data"
			})
			if i < 0 {
				t.Fatalf("db mounts nothing at /var/lib/postgresql/data: %+v", db.Volumes)
			}
			v := db.Volumes[i]
			if v.Type != types.VolumeTypeVolume {
				t.Errorf("db data mount type = %q, want %q", v.Type, types.VolumeTypeVolume)
			}
			if _, ok := p.Volumes[v.Source]; !ok {
				t.Errorf("db data volume %q is not declared under top-level volumes (have %v)", v.Source, p.VolumeNames())
			}
		}},
		{"db healthcheck runs pg_isready", func(t *testing.T, p *types.Project) {
			hc := service(t, p, "db").HealthCheck
			if hc == nil || hc.Disable || len(hc.Test) < 2 {
				t.Fatalf("db healthcheck = %+v, want a pg_isready test", hc)
			}
			if !slices.Contains([]string{"CMD", "CMD-SHELL"}, hc.Test[0]) {
				t.Errorf("db healthcheck test kind = %q, want CMD or CMD-SHELL", hc.Test[0])
			}
			if !strings.Contains(strings.Join(hc.Test[1:], " "), "pg_isready") {
				t.Errorf("db healthcheck test = %q, want it to run pg_isready", hc.Test)
			}
			if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil {
				t.Errorf("db healthcheck needs interval, timeout and retries: %+v", hc)
			}
		}},
		{"web builds the runtime stage of the Dockerfile", func(t *testing.T, p *types.Project) {
			b := service(t, p, "web").Build
			if b == nil {
				t.Fatal("web has no build section")
			}
			if b.Dockerfile != "Dockerfile" || b.Target != "runtime" {
				t.Errorf("web build dockerfile=%q target=%q, want Dockerfile and runtime", b.Dockerfile, b.Target)
			}
			if b.Context != p.WorkingDir {
				t.Errorf("web build context = %q, want the project directory %q", b.Context, p.WorkingDir)
			}
		}},
		{"web waits for a healthy db", func(t *testing.T, p *types.Project) {
			dep, ok := service(t, p, "web").DependsOn["db"]
			if !ok {
				t.Fatal("web does not depend on db")
			}
			if dep.Condition != types.ServiceConditionHealthy {
				t.Errorf("web depends_on db condition = %q, want %q", dep.Condition, types.ServiceConditionHealthy)
			}
		}},
		{"web DATABASE_URL points at the db service", func(t *testing.T, p *types.Project) {
			web, db := service(t, p, "web"), service(t, p, "db")
			raw, ok := envValue(web, "DATABASE_URL")
			if !ok || !strings.HasPrefix(raw, "postgres://") {
				t.Fatalf("web DATABASE_URL = %q, want a postgres:// URL", raw)
			}
			u, err := url.Parse(raw)
			if err != nil {
				t.Fatalf("web DATABASE_URL: %v", err)
			}
			if u.Hostname() != "db" {
				t.Errorf("web DATABASE_URL host = %q, want db", u.Hostname())
			}
			pass, _ := u.User.Password()
			got := []string{u.User.Username(), pass, strings.TrimPrefix(u.Path, "/")}
			want := make([]string, 0, 3)
			for _, k := range []string{"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"} {
				v, _ := envValue(db, k)
				want = append(want, v)
			}
			if !slices.Equal(got, want) {
				t.Errorf("web DATABASE_URL user, password, database = %q, want db's %q", got, want)
			}
		}},
		{"web migrates before serving", func(t *testing.T, p *types.Project) {
			if v, _ := envValue(service(t, p, "web"), "RUN_MIGRATIONS"); v != "1" {
				t.Errorf("web RUN_MIGRATIONS = %q, want 1", v)
			}
		}},
		{"web SECRET_KEY comes from the environment", func(t *testing.T, p *types.Project) {
			if v, _ := envValue(service(t, p, "web"), "SECRET_KEY"); v != composeKey {
				t.Errorf("web SECRET_KEY = %q, want the environment's", v)
			}
		}},
		{"web passes the deployment checks", func(t *testing.T, p *types.Project) {
			if code, out := checkDeploy(service(t, p, "web"), nil); code != 0 {
				t.Errorf("check --deploy with web's environment: exit %d\n%s", code, out)
			}
		}},
		{"check --deploy refuses the old placeholder key", func(t *testing.T, p *types.Project) {
			placeholder := map[string]string{"SECRET_KEY": "change-me-to-a-long-random-string-of-50-chars-or-more"}
			if code, out := checkDeploy(service(t, p, "web"), placeholder); code != 1 || !strings.Contains(out, "ERROR   SECRET_KEY") {
				t.Errorf("exit %d, want 1 with a SECRET_KEY error\n%s", code, out)
			}
		}},
		{"check --deploy refuses the log mail backend unless chosen", func(t *testing.T, p *types.Project) {
			if code, out := checkDeploy(service(t, p, "web"), map[string]string{"EMAIL_BACKEND": ""}); code != 1 || !strings.Contains(out, "ERROR   EMAIL_BACKEND") {
				t.Errorf("exit %d, want 1 with an EMAIL_BACKEND error\n%s", code, out)
			}
		}},
		{"web publishes port 3000", func(t *testing.T, p *types.Project) {
			ports := service(t, p, "web").Ports
			if !slices.ContainsFunc(ports, func(pc types.ServicePortConfig) bool {
				return pc.Target == 3000 && pc.Published == "3000"
			}) {
				t.Errorf("web ports = %+v, want 3000:3000", ports)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t, p) })
	}
}

// dockerStage is one FROM section of a Dockerfile.
type dockerStage struct {
	name, image  string
	instructions [][2]string
}

// last returns the arguments of the stage's last instruction of the given kind.
func (s dockerStage) last(kind string) (string, bool) {
	for _, in := range slices.Backward(s.instructions) {
		if in[0] == kind {
			return in[1], true
		}
	}
	return "", false
}

// parseDockerfile splits a Dockerfile into stages, joining continuation lines and dropping comments.
func parseDockerfile(t *testing.T, path string) []dockerStage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var stages []dockerStage
	var logical strings.Builder
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "#") || (line == "" && logical.Len() == 0) {
			continue
		}
		if cont, ok := strings.CutSuffix(line, "\\"); ok {
			logical.WriteString(cont + " ")
			continue
		}
		logical.WriteString(line)
		kind, args, _ := strings.Cut(strings.TrimSpace(logical.String()), " ")
		logical.Reset()
		kind, args = strings.ToUpper(kind), strings.TrimSpace(args)
		if kind == "FROM" {
			f := strings.Fields(args)
			f = slices.DeleteFunc(f, func(s string) bool { return strings.HasPrefix(s, "--") })
			st := dockerStage{}
			if len(f) > 0 {
				st.image = f[0]
			}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			continue
		}
		stages[len(stages)-1].instructions = append(stages[len(stages)-1].instructions, [2]string{kind, args})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return stages
}

// execForm decodes an exec-form (JSON array) instruction argument.
func execForm(args string) ([]string, bool) {
	var argv []string
	return argv, json.Unmarshal([]byte(args), &argv) == nil
}

func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t, "Dockerfile")
	if len(stages) == 0 {
		t.Fatal("Dockerfile has no FROM")
	}
	byName := map[string]dockerStage{}
	for _, s := range stages {
		byName[s.name] = s
	}
	final := stages[len(stages)-1]
	tests := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"build stage compiles with cgo", func(t *testing.T) {
			b, ok := byName["build"]
			if !ok {
				t.Fatal("no `FROM ... AS build` stage")
			}
			if !strings.HasPrefix(b.image, "golang:") {
				t.Errorf("build stage image = %q, want an official golang image", b.image)
			}
			run := ""
			for _, in := range b.instructions {
				if in[0] == "RUN" && strings.Contains(in[1], "go build") {
					run = in[1]
				}
			}
			if !strings.Contains(run, "CGO_ENABLED=1") {
				t.Errorf("build stage go build = %q, want CGO_ENABLED=1 for SQLite", run)
			}
		}},
		{"runtime stage is the final stage", func(t *testing.T) {
			if _, ok := byName["runtime"]; !ok {
				t.Fatal("no `FROM ... AS runtime` stage")
			}
			if final.name != "runtime" {
				t.Errorf("final stage = %q, want runtime", final.name)
			}
		}},
		{"runtime stage runs as a non-root user", func(t *testing.T) {
			user, ok := final.last("USER")
			if !ok {
				t.Fatal("final stage sets no USER")
			}
			name, _, _ := strings.Cut(user, ":")
			if name == "" || name == "root" || name == "0" {
				t.Errorf("final stage USER = %q, want a non-root user", user)
			}
		}},
		{"runtime stage copies the binary from the build stage", func(t *testing.T) {
			if !slices.ContainsFunc(final.instructions, func(in [2]string) bool {
				return in[0] == "COPY" && strings.Contains(in[1], "--from=build") && strings.HasSuffix(in[1], " /app/locallibrary")
			}) {
				t.Error("final stage does not COPY --from=build ... /app/locallibrary")
			}
		}},
		{"runtime stage entrypoint is the locallibrary binary", func(t *testing.T) {
			ep, ok := final.last("ENTRYPOINT")
			if !ok {
				t.Fatal("final stage has no ENTRYPOINT")
			}
			argv, ok := execForm(ep)
			if !ok || len(argv) == 0 || argv[0] != "/app/locallibrary" {
				t.Errorf("final stage ENTRYPOINT = %s, want exec form [\"/app/locallibrary\"]", ep)
			}
			cmd, _ := final.last("CMD")
			if argv, ok := execForm(cmd); !ok || !slices.Equal(argv, []string{"serve"}) {
				t.Errorf("final stage CMD = %s, want [\"serve\"]", cmd)
			}
		}},
		{"runtime stage exposes port 3000", func(t *testing.T) {
			if ports, _ := final.last("EXPOSE"); !slices.Contains(strings.Fields(ports), "3000") {
				t.Errorf("final stage EXPOSE = %q, want 3000", ports)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.check(t) })
	}
}
