package models

import (
	"reflect"
	"testing"
)

func TestParseOrdering(t *testing.T) {
	cols := []Column{{"A", []string{"a"}, nil, false}, {"B", nil, nil, false}, {"C", []string{"c1", "c2"}, nil, true}}
	tests := []struct {
		o    string
		want []SortKey
	}{
		{"", nil},
		{"0", []SortKey{{0, false}}},
		{"-2.0", []SortKey{{2, true}, {0, false}}},
		{"1", nil},                        // not sortable
		{"3.-9", nil},                     // no such column
		{"0.0.-0", []SortKey{{0, false}}}, // repeats
		{"x.+0.--2", nil},                 // not numbers
		{"2.0.2.0.2", []SortKey{{2, false}, {0, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.o, func(t *testing.T) {
			got := ParseOrdering(tt.o, cols)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseOrdering(%q) = %v, want %v", tt.o, got, tt.want)
			}
			if tt.want != nil && FormatOrdering(got) != FormatOrdering(ParseOrdering(FormatOrdering(got), cols)) {
				t.Errorf("FormatOrdering(%v) does not read back", got)
			}
		})
	}
	if got := orderBy(cols, []SortKey{{2, true}, {0, false}}, "id"); got != "c1 DESC NULLS FIRST, c2 DESC NULLS FIRST, a, id" {
		t.Errorf("orderBy = %q", got)
	}
}
