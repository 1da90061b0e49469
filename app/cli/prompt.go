package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// prompter asks questions on the terminal, or reads answers line by line from a pipe.
type prompter struct {
	in       io.Reader
	lines    *bufio.Reader
	out      io.Writer
	terminal bool
}

func newPrompter(in io.Reader, out io.Writer) *prompter {
	f, ok := in.(*os.File)
	return &prompter{in: in, lines: bufio.NewReader(in), out: out, terminal: ok && term.IsTerminal(int(f.Fd()))}
}

// ask prints question and returns the line answered, without its line ending.
func (p *prompter) ask(question string) (string, error) {
	fmt.Fprint(p.out, question)
	line, err := p.lines.ReadString('\n')
	if err != nil && (err != io.EOF || line == "") {
		return "", errors.New("no answer on standard input")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// secret asks without echoing the answer on a terminal.
func (p *prompter) secret(question string) (string, error) {
	if !p.terminal {
		return p.ask(question)
	}
	fmt.Fprint(p.out, question)
	b, err := term.ReadPassword(int(p.in.(*os.File).Fd()))
	fmt.Fprintln(p.out)
	return string(b), err
}
