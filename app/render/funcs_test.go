package render

import (
	"bytes"
	"fmt"
	"html/template"
	"testing"
	"time"

	"locallibrary/models"
)

func TestPluralize(t *testing.T) {
	tests := []struct {
		value any
		arg   []string
		want  string
	}{
		{0, nil, "s"},
		{1, nil, ""},
		{2, nil, "s"},
		{int64(1), nil, ""},
		{uint8(3), nil, "s"},
		{1.0, nil, ""},
		{1.5, nil, "s"},
		{"1", nil, ""},
		{"2", nil, "s"},
		{"abc", nil, ""},
		{[]string{"a"}, nil, ""},
		{[]int{1, 2}, nil, "s"},
		{map[string]int{}, nil, "s"},
		{nil, nil, ""},
		{struct{}{}, nil, ""},
		{1, []string{"es"}, ""},
		{2, []string{"es"}, "es"},
		{1, []string{"y,ies"}, "y"},
		{2, []string{"y,ies"}, "ies"},
		{0, []string{"y,ies"}, "ies"},
		{2, []string{"y,ies,error"}, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v %q", tt.value, tt.arg), func(t *testing.T) {
			if got := Pluralize(tt.value, tt.arg...); got != tt.want {
				t.Errorf("Pluralize(%#v, %q) = %q, want %q", tt.value, tt.arg, got, tt.want)
			}
		})
	}
}

func TestPluralizeInTemplate(t *testing.T) {
	tmpl := template.Must(template.New("t").Funcs(Funcs()).Parse(
		`{{ .n }} time{{ pluralize .n }}, {{ .n }} box{{ pluralize .n "es" }}, {{ .n }} cherr{{ pluralize .n "y,ies" }}`))
	tests := []struct {
		n    int
		want string
	}{
		{1, "1 time, 1 box, 1 cherry"},
		{2, "2 times, 2 boxes, 2 cherries"},
		{0, "0 times, 0 boxes, 0 cherries"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("n=%d", tt.n), func(t *testing.T) {
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, map[string]any{"n": tt.n}); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("n=%d: %q, want %q", tt.n, buf.String(), tt.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	d := models.MustDate("2026-11-25")
	tests := []struct {
		in        any
		date, iso string
	}{
		{d, "Nov. 25, 2026", "2026-11-25"},
		{&d, "Nov. 25, 2026", "2026-11-25"},
		{(*models.Date)(nil), "", ""},
		{models.MustDate("1973-06-06"), "June 6, 1973", "1973-06-06"},
		{models.MustDate("2020-05-01"), "May 1, 2020", "2020-05-01"},
		{models.MustDate("2020-09-30"), "Sept. 30, 2020", "2020-09-30"},
		// Django's "Y" pads the year to four digits.
		{models.MustDate("0673-05-26"), "May 26, 0673", "0673-05-26"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v", tt.in), func(t *testing.T) {
			if got := FormatDate(tt.in); got != tt.date {
				t.Errorf("FormatDate(%v) = %q, want %q", tt.in, got, tt.date)
			}
			if got := ISODate(tt.in); got != tt.iso {
				t.Errorf("ISODate(%v) = %q, want %q", tt.in, got, tt.iso)
			}
		})
	}
}

func TestFormatDateTime(t *testing.T) {
	moment := time.Date(2026, 11, 25, 20, 5, 0, 0, time.FixedZone("CET", 3600))
	tests := []struct {
		in   any
		want string
	}{
		{moment, "2026-11-25 19:05 UTC"},
		{&moment, "2026-11-25 19:05 UTC"},
		{(*time.Time)(nil), ""},
		{"not a time", ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%v", tt.in), func(t *testing.T) {
			if got := FormatDateTime(tt.in); got != tt.want {
				t.Errorf("FormatDateTime(%v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
