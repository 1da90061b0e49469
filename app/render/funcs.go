package render

import (
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"time"

	"locallibrary/models"
)

// Funcs returns the helpers every template may call, but url, which New adds from the route
// table.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"pluralize": Pluralize,
		"date":      FormatDate,
		"isodate":   ISODate,
		"datetime":  FormatDateTime,
		"add":       func(a, b int) int { return a + b },
	}
}

// Pluralize works like Django's pluralize filter: it returns the plural suffix unless value is 1.
// The optional argument is the plural suffix ("es") or "singular,plural" ("y,ies"); the default
// is "s". value may be a number, a numeric string or something with a length; anything else, or
// an argument with more than one comma, gives "".
func Pluralize(value any, arg ...string) string {
	suffix := "s"
	if len(arg) > 0 {
		suffix = arg[0]
	}
	if !strings.Contains(suffix, ",") {
		suffix = "," + suffix
	}
	bits := strings.Split(suffix, ",")
	if len(bits) > 2 {
		return ""
	}
	singular, plural := bits[0], bits[1]
	pick := func(one bool) string {
		if one {
			return singular
		}
		return plural
	}
	switch v := value.(type) {
	case nil:
		return ""
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			return ""
		}
		return pick(f == 1)
	}
	rv := reflect.ValueOf(value)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return pick(rv.Int() == 1)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return pick(rv.Uint() == 1)
	case reflect.Float32, reflect.Float64:
		return pick(rv.Float() == 1)
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan:
		return pick(rv.Len() == 1)
	}
	return ""
}

// FormatDate prints a date as Django does by default ("Nov. 25, 2026"); nil gives "".
func FormatDate(d any) string {
	if v, ok := deref[models.Date](d); ok {
		return v.Display()
	}
	return ""
}

// FormatDateTime prints a moment in UTC, the same whichever database it came from ("" for nil).
func FormatDateTime(t any) string {
	if v, ok := deref[time.Time](t); ok {
		return v.UTC().Format("2006-01-02 15:04 UTC")
	}
	return ""
}

// ISODate prints a date as YYYY-MM-DD, the value of a date input; nil gives "".
func ISODate(d any) string {
	if v, ok := deref[models.Date](d); ok {
		return v.String()
	}
	return ""
}

// deref returns the T that v holds, given as a T or a non-nil *T (optional model fields are
// pointers).
func deref[T any](v any) (T, bool) {
	switch x := v.(type) {
	case T:
		return x, true
	case *T:
		if x != nil {
			return *x, true
		}
	}
	var zero T
	return zero, false
}
