package models

import (
	"testing"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		id   int64
		text string
	}{
		{"12", 12, ""},
		{" 12 ", 12, ""},
		{"Asimov, Isaac #3", 3, ""},
		{"Asimov, Isaac  #3 ", 3, ""},
		{"Asimov, Isaac", 0, "Asimov, Isaac"},
		{"  García Márquez, Gabriel ", 0, "García Márquez, Gabriel"},
		{"#", 0, "#"},
		{"Room #", 0, "Room #"},
		{"99999999999999999999", 0, "99999999999999999999"},
		{"", 0, ""},
		{"-4", 0, "-4"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			id, text := parseRef(tt.in)
			if id != tt.id || text != tt.text {
				t.Errorf("parseRef(%q) = %d, %q; want %d, %q", tt.in, id, text, tt.id, tt.text)
			}
		})
	}
}

func TestISBN13(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0306406152", "9780306406157"},
		{"080442957X", "9780804429573"},
		{"9780306406157", "9780306406157"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if !ValidISBN(tt.in) {
				t.Fatalf("%s should be valid", tt.in)
			}
			if got := ISBN13(tt.in); got != tt.want || !ValidISBN(got) {
				t.Errorf("ISBN13(%s) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestLogEntryMessage(t *testing.T) {
	tests := []struct {
		e    LogEntry
		want string
	}{
		{LogEntry{ActionFlag: ActionAddition, ChangeMessage: `[{"added": {}}]`}, "Added."},
		{LogEntry{ActionFlag: ActionDeletion}, "Deleted."},
		{LogEntry{ActionFlag: ActionChange, ChangeMessage: `[{"changed": {"fields": ["Title"]}}]`}, "Changed Title."},
		{LogEntry{ActionFlag: ActionChange, ChangeMessage: `[{"changed": {"fields": ["Title", "ISBN", "Genre"]}}]`}, "Changed Title, ISBN and Genre."},
		{LogEntry{ActionFlag: ActionChange, ChangeMessage: `[{"changed": {"fields": []}}]`}, "No fields changed."},
		{LogEntry{ActionFlag: ActionChange, ChangeMessage: `not json`}, "No fields changed."},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.e.Message(); got != tt.want {
				t.Errorf("Message() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTruncateCountsCharacters(t *testing.T) {
	s := ""
	for range 201 {
		s += "é"
	}
	if got := truncate(s, 200); len([]rune(got)) != 200 || got != s[:400] {
		t.Errorf("truncate kept %d characters", len([]rune(got)))
	}
	if got := truncate("short", 200); got != "short" {
		t.Errorf("truncate(short) = %q", got)
	}
}

func TestImportedLogEntries(t *testing.T) {
	libby := int64(7)
	tests := []struct {
		name           string
		ch             Change
		flag           int
		user           *User
		message, actor string
	}{
		{"added from the command line", Change{Imported: true}, ActionAddition, nil, "Added from a CSV file.", "a command-line import"},
		{"changed by a librarian", Change{UserID: libby, Fields: []string{"Title", "Summary"}, Imported: true}, ActionChange,
			&User{ID: libby, Username: "libby"}, "Changed Title and Summary from a CSV file.", "libby"},
		{"a librarian's import, the account deleted since", Change{UserID: libby, Imported: true}, ActionAddition, nil, "Added from a CSV file.", "a deleted user"},
		{"a form's edit", Change{UserID: libby, Fields: []string{"Title"}}, ActionChange, &User{ID: libby, Username: "libby"}, "Changed Title.", "libby"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := tt.ch.entry(tt.flag, ContentBook, "1", "Dune")
			if err != nil {
				t.Fatal(err)
			}
			e.User = tt.user
			if tt.user == nil && tt.ch.UserID != 0 {
				e.UserID = nil // the account was deleted: ON DELETE SET NULL
			}
			if e.Message() != tt.message || e.Actor() != tt.actor || e.Imported() != tt.ch.Imported {
				t.Errorf("%s: Message() = %q, Actor() = %q, Imported() = %v", e.ChangeMessage, e.Message(), e.Actor(), e.Imported())
			}
		})
	}
}

func TestSplitRefAndStatusCode(t *testing.T) {
	for in, want := range map[string]struct {
		text string
		id   int64
	}{"Smith, John #12": {"Smith, John", 12}, " Smith, John ": {"Smith, John", 0}, "#0": {"#0", 0}, "Klingon #5 ": {"Klingon", 5}} {
		if text, id := SplitRef(in); text != want.text || id != want.id {
			t.Errorf("SplitRef(%q) = %q, %d", in, text, id)
		}
	}
	for in, want := range map[string]string{"Available": "a", "on loan": "o", " d ": "d", "R": "r", "Lost": "Lost", "": ""} {
		if got := StatusCode(in); got != want {
			t.Errorf("StatusCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBatchesStayUnderTheLimitOfBoundValues(t *testing.T) {
	rows := make([]int, 20001)
	var sizes []int
	err := batches(rows, 3, func(b []int) error {
		sizes = append(sizes, len(b))
		return nil
	})
	if err != nil || len(sizes) != 3 || sizes[0] != maxParams/3 || sizes[0]+sizes[1]+sizes[2] != len(rows) {
		t.Errorf("batches of %v, %v", sizes, err)
	}
	if err := batches([]int{}, 3, func([]int) error { t.Error("a batch of nothing"); return nil }); err != nil {
		t.Error(err)
	}
}
