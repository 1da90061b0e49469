package database

import "testing"

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain ASCII Title", "plain ascii title"},
		{"García Márquez", "garcia marquez"},
		{"Łódź Straße", "lodz strasse"},
		{"Ærøskøbing Œuvre", "aeroskobing oeuvre"},
		{"ÉPOPÉE", "epopee"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
