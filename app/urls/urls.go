// Package urls turns route names back into paths, as Django's reverse() and {% url %}. The table
// is Fiber's named routes, registered once in routes/routes.go: templates call
// {{ url "book-detail" .Book.ID }}, handlers redirect with h.redirect(c, status, "all-borrowed").
package urls

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"
)

// Reverser builds paths from the route names of one Fiber app.
type Reverser struct {
	app    *fiber.App
	routes map[string][]segment
}

// segment is a constant piece of a route's path, or (param set) the place of one argument.
type segment struct {
	text  string
	param bool
}

// New returns the reverser of app's routes; Load must run once they are all registered.
func New(app *fiber.App) *Reverser { return &Reverser{app: app} }

// Load reads the named routes of the app. It refuses a name given to two different paths and a
// path whose parameters are not whole segments (":id"), which Reverse could not fill.
func (r *Reverser) Load() error {
	routes := map[string][]segment{}
	paths := map[string]string{}
	for _, rt := range r.app.GetRoutes(true) {
		if rt.Name == "" {
			continue
		}
		if p, ok := paths[rt.Name]; ok {
			if p != rt.Path {
				return fmt.Errorf("urls: route name %q is given to %s and %s", rt.Name, p, rt.Path)
			}
			continue
		}
		segs, err := parse(rt.Path)
		if err != nil {
			return fmt.Errorf("urls: route %q: %w", rt.Name, err)
		}
		routes[rt.Name], paths[rt.Name] = segs, rt.Path
	}
	r.routes = routes
	return nil
}

func parse(path string) ([]segment, error) {
	var segs []segment
	for i, part := range strings.Split(path, "/") {
		if i > 0 {
			segs = append(segs, segment{text: "/"})
		}
		switch {
		case strings.HasPrefix(part, ":") && !strings.ContainsAny(part[1:], ":?+*.-"):
			segs = append(segs, segment{text: part[1:], param: true})
		case strings.ContainsAny(part, ":?+*"):
			return nil, fmt.Errorf("path %s: only whole-segment parameters (/:id/) can be reversed", path)
		case part != "":
			segs = append(segs, segment{text: part})
		}
	}
	return segs, nil
}

// ErrNoRoute is returned for a name that no route carries.
var ErrNoRoute = errors.New("urls: no route named")

// Reverse returns the path of the route called name, its parameters filled with args in order
// (integers, UUIDs and strings, path-escaped). An unknown name or a wrong number of arguments
// is an error: in a template it fails the page rather than leave an empty link.
func (r *Reverser) Reverse(name string, args ...any) (string, error) {
	segs, ok := r.routes[name]
	if !ok {
		return "", fmt.Errorf("%w %q", ErrNoRoute, name)
	}
	var b strings.Builder
	n := 0
	for _, s := range segs {
		if !s.param {
			b.WriteString(s.text)
			continue
		}
		if n >= len(args) {
			return "", fmt.Errorf("urls: route %q needs more than %d argument(s)", name, len(args))
		}
		v, err := format(args[n])
		if err != nil {
			return "", fmt.Errorf("urls: route %q, :%s: %w", name, s.text, err)
		}
		b.WriteString(url.PathEscape(v))
		n++
	}
	if n != len(args) {
		return "", fmt.Errorf("urls: route %q takes %d argument(s), not %d", name, n, len(args))
	}
	return b.String(), nil
}

// format writes an argument as it appears in a path.
func format(arg any) (string, error) {
	switch v := arg.(type) {
	case int64:
		return strconv.FormatInt(v, 10), nil
	case int:
		return strconv.Itoa(v), nil
	case string:
		if v == "" {
			return "", errors.New("empty argument")
		}
		return v, nil
	case uuid.UUID:
		return v.String(), nil
	}
	return "", fmt.Errorf("cannot put a %T in a path", arg)
}
