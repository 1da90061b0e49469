package mail

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"locallibrary/config"
)

// smtpServer accepts one message over a minimal SMTP dialogue and sends its DATA on got.
func smtpServer(t *testing.T) (port int, got chan string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	got = make(chan string, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { io.WriteString(conn, s+"\r\n") }
		say("220 test ESMTP")
		var data strings.Builder
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 test")
			case cmd == "DATA":
				say("354 go ahead")
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
					data.WriteString(l)
				}
				say("250 queued")
				got <- data.String()
			case cmd == "QUIT":
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return l.Addr().(*net.TCPAddr).Port, got
}

func TestSMTPSender(t *testing.T) {
	port, got := smtpServer(t)
	s := New(config.SMTP{Host: "127.0.0.1", Port: port, From: "library@example.com"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, ok := s.(*SMTPSender); !ok {
		t.Fatalf("with SMTP_HOST set, want the SMTP sender, got %T", s)
	}
	err := s.Send(context.Background(), Message{To: "member@example.com", Subject: "Password reset on LocalLibrary", Body: "line one\nline two\n"})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case data := <-got:
		for _, want := range []string{"To: member@example.com\r\n", "From: library@example.com\r\n", "Subject: Password reset on LocalLibrary\r\n", "line one\r\nline two\r\n"} {
			if !strings.Contains(data, want) {
				t.Errorf("message lacks %q:\n%s", want, data)
			}
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no message reached the SMTP server")
	}
	if err := s.Send(context.Background(), Message{To: "x@example.com\r\nBcc: all@example.com", Subject: "s"}); err == nil {
		t.Error("a header injection should be refused")
	}
}

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	s := New(config.SMTP{From: "library@example.com"}, slog.New(slog.NewJSONHandler(&buf, nil)))
	if err := s.Send(context.Background(), Message{To: "member@example.com", Subject: "Hi", Body: "http://x/reset/1/"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"to":"member@example.com"`, `"subject":"Hi"`, `"body":"http://x/reset/1/"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %s: %s", want, buf.String())
		}
	}
}
