package cli

import (
	"context"
	"fmt"

	"locallibrary/config"
)

// check runs the system checks, as Django's `manage.py check [--deploy]`: the configuration
// has already been loaded and validated by then; --deploy adds the deployment checks that serve
// runs at start when DEBUG is off. It prints one line per problem and fails when one is an error.
func check(_ context.Context, e env, args []string) error {
	deploy := false
	for _, a := range args {
		if a != "--deploy" {
			return usageError("check takes [--deploy]")
		}
		deploy = true
	}
	var problems []config.Problem
	if deploy {
		problems = e.cfg.DeployChecks()
	}
	errs := 0
	for _, p := range problems {
		level := "WARNING"
		if p.Severity == config.Error {
			level = "ERROR"
			errs++
		}
		fmt.Fprintf(e.stdout, "%-7s %s: %s\n", level, p.Var, p.Msg)
	}
	switch {
	case len(problems) == 0:
		fmt.Fprintln(e.stdout, "System check identified no issues.")
	default:
		fmt.Fprintf(e.stdout, "System check identified %d issue(s) (%d error(s)).\n", len(problems), errs)
	}
	if errs > 0 {
		return fmt.Errorf("check: %d error(s): the server would refuse to start", errs)
	}
	return nil
}

// deployChecks runs the deployment checks for serve: the first error refuses to start (one line
// naming its variable), warnings are logged.
func deployChecks(e env) error {
	problems := e.cfg.DeployChecks()
	for _, p := range problems {
		if p.Severity == config.Error {
			return p
		}
	}
	for _, p := range problems {
		e.log.Warn("deploy check", "variable", p.Var, "problem", p.Msg)
	}
	return nil
}
