package seed

import (
	"bytes"
	"io"
	"os"
	"testing"
)

func TestProgressOnlyOnATerminal(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, out := range map[string]io.Writer{"a buffer": &bytes.Buffer{}, "a pipe": w} {
		if got := terminalOnly(out); got != io.Discard {
			t.Errorf("%s: progress goes to %T, want io.Discard", name, got)
		}
	}
}
