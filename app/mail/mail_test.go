package mail

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"locallibrary/config"
)

// testCert returns a self-signed certificate for 127.0.0.1 and a pool that trusts it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// smtpServer accepts one message over a minimal SMTP dialogue and sends its DATA on got, and
// whether it travelled encrypted. mode is "plain" (no STARTTLS offered), "starttls" or "implicit".
func smtpServer(t *testing.T, mode string, cert tls.Certificate) (port int, got chan string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	tlsCfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	got = make(chan string, 1)
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer func() { conn.Close() }()
		encrypted := mode == "implicit"
		if encrypted {
			conn = tls.Server(conn, tlsCfg)
		}
		r := bufio.NewReader(conn)
		say := func(s string) { io.WriteString(conn, s+"\r\n") }
		say("220 test ESMTP")
		var data strings.Builder
		mailFrom := ""
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			cmd := strings.ToUpper(strings.TrimSpace(line))
			if strings.HasPrefix(cmd, "MAIL FROM:") {
				mailFrom = strings.TrimSpace(line)
			}
			switch {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				if mode == "starttls" && !encrypted {
					say("250-test")
					say("250 STARTTLS")
				} else {
					say("250 test")
				}
			case cmd == "STARTTLS":
				say("220 go ahead")
				conn = tls.Server(conn, tlsCfg)
				r = bufio.NewReader(conn)
				encrypted = true
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
				got <- "encrypted=" + strconv.FormatBool(encrypted) + "\r\n" + mailFrom + "\r\n" + data.String()
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

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestSMTPSender(t *testing.T) {
	cert, pool := testCert(t)
	tests := []struct {
		name           string
		mode, tls      string
		allowPlaintext bool
		want           string // "" when nothing may be sent
		from, header   string // EMAIL_FROM and the From header it gives; the envelope has the address alone
	}{
		{"STARTTLS", "starttls", config.TLSStartTLS, false, "encrypted=true", "library@example.com", "library@example.com"},
		{"implicit TLS", "implicit", config.TLSImplicit, false, "encrypted=true", "library@example.com", "library@example.com"},
		{"no STARTTLS offered", "plain", config.TLSStartTLS, false, "", "library@example.com", ""},
		{"clear text allowed", "plain", config.TLSStartTLS, true, "encrypted=false", "library@example.com", "library@example.com"},
		{"a sender's name", "starttls", config.TLSStartTLS, false, "encrypted=true", "Ankh Library <library@example.com>", `"Ankh Library" <library@example.com>`},
		{"a name beyond ASCII", "starttls", config.TLSStartTLS, false, "encrypted=true", "Biblioteca Añil <library@example.com>", "=?utf-8?q?Biblioteca_A=C3=B1il?= <library@example.com>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port, got := smtpServer(t, tt.mode, cert)
			s := New(config.Config{SMTP: config.SMTP{Host: "127.0.0.1", Port: port, From: tt.from,
				TLS: tt.tls, AllowPlaintext: tt.allowPlaintext}}, quietLog())
			sender, ok := s.(*SMTPSender)
			if !ok {
				t.Fatalf("with SMTP_HOST set, want the SMTP sender, got %T", s)
			}
			sender.tls.RootCAs = pool
			m := Message{To: "member@example.com", Subject: "Password reset on LocalLibrary", Body: "line one\nline two\n"}
			if tt.want == "" {
				if err := sender.deliver(context.Background(), m); !errors.Is(err, ErrNoTLS) {
					t.Errorf("deliver: %v, want ErrNoTLS", err)
				}
				return
			}
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			select {
			case data := <-got:
				for _, want := range []string{tt.want, "MAIL FROM:<library@example.com>", "To: member@example.com\r\n", "From: " + tt.header + "\r\n",
					"Subject: Password reset on LocalLibrary\r\n", "line one\r\nline two\r\n"} {
					if !strings.Contains(data, want) {
						t.Errorf("message lacks %q:\n%s", want, data)
					}
				}
			case <-time.After(10 * time.Second):
				t.Fatal("no message reached the SMTP server")
			}
		})
	}
	s := New(config.Config{SMTP: config.SMTP{Host: "127.0.0.1", Port: 1}}, quietLog())
	if err := s.Send(context.Background(), Message{To: "x@example.com\r\nBcc: all@example.com", Subject: "s"}); err == nil {
		t.Error("a header injection should be refused")
	}
}

func TestLogSender(t *testing.T) {
	m := Message{To: "member@example.com", Subject: "Hi", Body: "http://x/reset/MQ/tok-123/", Secrets: []string{"tok-123"}}
	tests := []struct {
		name string
		cfg  config.Config
		want string
	}{
		{"DEBUG shows the link", config.Config{Debug: true, SMTP: config.SMTP{From: "library@example.com"}}, `"body":"http://x/reset/MQ/tok-123/"`},
		{"otherwise it is redacted", config.Config{SMTP: config.SMTP{From: "library@example.com"}}, `"body":"http://x/reset/MQ/[redacted]/"`},
		{"EMAIL_BACKEND=log beats SMTP_HOST", config.Config{EmailBackend: config.EmailLog, SMTP: config.SMTP{Host: "smtp.example.com", From: "library@example.com"}},
			`"body":"http://x/reset/MQ/[redacted]/"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := New(tt.cfg, slog.New(slog.NewJSONHandler(&buf, nil)))
			if err := s.Send(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{`"to":"member@example.com"`, `"subject":"Hi"`, tt.want} {
				if !strings.Contains(buf.String(), want) {
					t.Errorf("log lacks %s: %s", want, buf.String())
				}
			}
		})
	}
}

func TestDirectSenderReportsTheOutcome(t *testing.T) {
	cert, pool := testCert(t)
	port, got := smtpServer(t, "starttls", cert)
	s, ok := NewDirect(config.Config{SMTP: config.SMTP{Host: "127.0.0.1", Port: port, From: "library@example.com",
		TLS: config.TLSStartTLS}}, quietLog()).(directSender)
	if !ok {
		t.Fatal("with SMTP_HOST set, want the direct SMTP sender")
	}
	s.s.tls.RootCAs = pool
	if err := s.Send(context.Background(), Message{To: "member@example.com", Subject: "Overdue: Cien años", Body: "Please return it.\n"}); err != nil {
		t.Fatal(err)
	}
	// The message is on the server by the time Send returns, its subject encoded beyond ASCII.
	select {
	case data := <-got:
		if !strings.Contains(data, "Subject: =?utf-8?q?Overdue:_Cien_a=C3=B1os?=\r\n") {
			t.Errorf("message:\n%s", data)
		}
	default:
		t.Fatal("Send returned before the message reached the server")
	}
	down := NewDirect(config.Config{SMTP: config.SMTP{Host: "127.0.0.1", Port: 1, TLS: config.TLSStartTLS}}, quietLog())
	if err := down.Send(context.Background(), Message{To: "member@example.com", Subject: "Overdue"}); err == nil {
		t.Error("an unreachable server should be an error")
	}
	if _, ok := NewDirect(config.Config{}, quietLog()).(LogSender); !ok {
		t.Error("without SMTP_HOST, want the log sender")
	}
}

func TestDirectSenderStopsAtTheContextsDeadline(t *testing.T) {
	// A server that accepts and never answers.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	port := l.Addr().(*net.TCPAddr).Port
	s := NewDirect(config.Config{SMTP: config.SMTP{Host: "127.0.0.1", Port: port, TLS: config.TLSStartTLS}}, quietLog())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	err = s.Send(ctx, Message{To: "member@example.com", Subject: "Overdue"})
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("Send to a silent server: %v, want a timeout", err)
	}
}
