package render_test

import (
	"testing"

	"locallibrary/app/render"
)

func TestNewBarChart(t *testing.T) {
	c := render.NewBarChart("c", "Loans", "Bar chart.", "Month", "Loans", []render.Item{
		{Label: "Oct 2026", Value: 10}, {Label: "Nov 2026", Value: 0}, {Label: "Dec 2026", Value: 5},
		{Label: "A title much longer than the label column has room for", Value: 1}, {Label: "Tiny", Value: 0},
	})
	if c.Width != 640 || c.Height != 2*6+5*26 {
		t.Errorf("size %dx%d", c.Width, c.Height)
	}
	tests := []struct {
		name      string
		bar       render.Bar
		length, y int
		short     string
	}{
		{"largest fills the width", c.Bars[0], 340, 10, "Oct 2026"},
		{"zero draws nothing", c.Bars[1], 0, 36, "Nov 2026"},
		{"half is half", c.Bars[2], 170, 62, "Dec 2026"},
		{"small stays visible, long label cut", c.Bars[3], 34, 88, "A title much longer than the labe…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.bar.Length != tt.length || tt.bar.Y != tt.y || tt.bar.Short != tt.short {
				t.Errorf("length %d y %d short %q, want %d %d %q", tt.bar.Length, tt.bar.Y, tt.bar.Short, tt.length, tt.y, tt.short)
			}
			if tt.bar.ValueX != c.BarX()+tt.bar.Length+6 {
				t.Errorf("value at %d", tt.bar.ValueX)
			}
		})
	}
	want := "Bar chart. Oct 2026: 10; Nov 2026: 0; Dec 2026: 5; A title much longer than the label column has room for: 1; Tiny: 0."
	if c.Desc != want {
		t.Errorf("desc %q", c.Desc)
	}
	if empty := render.NewBarChart("e", "None", "Bar chart.", "A", "B", nil); empty.Desc != "Bar chart." || len(empty.Bars) != 0 {
		t.Errorf("empty chart %+v", empty)
	}
	one := render.NewBarChart("o", "Tiny", "", "A", "B", []render.Item{{Label: "x", Value: 1}, {Label: "y", Value: 1000}})
	if one.Bars[0].Length != 1 {
		t.Errorf("a value of 1 against 1000 is %d long, want 1", one.Bars[0].Length)
	}
}
