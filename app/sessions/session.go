package sessions

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
)

type localsKey struct{}

// Session is one request's view of the browser's session. Changes are saved once, after the
// handler ran.
type Session struct {
	raw     *session.Session
	m       *Manager
	changed bool
	gone    bool
}

// Load is the middleware that reads the session before the handlers and saves it after them.
func (m *Manager) Load(c *fiber.Ctx) error {
	raw, err := m.requestStore(c).Get(c)
	if err != nil {
		return fmt.Errorf("session load: %w", err)
	}
	s := &Session{raw: raw, m: m}
	now := m.now().Unix()
	if created := s.int64(keyCreated); created != 0 && now-created > int64(m.maxAge.Seconds()) {
		// Past the absolute lifetime: start over with a new, empty session.
		if err := raw.Reset(); err != nil {
			return fmt.Errorf("session expire: %w", err)
		}
	}
	c.Locals(localsKey{}, s)
	herr := c.Next()
	if err := s.save(now); err != nil {
		return fmt.Errorf("session save: %w", err)
	}
	return herr
}

func (s *Session) save(now int64) error {
	if s.gone {
		return nil
	}
	idle := now - s.int64(keyTouched)
	// A session in use is re-saved now and then so that its idle expiry moves forward.
	if !s.changed && (len(s.raw.Keys()) == 0 || idle < int64(s.m.ttl.Seconds())/20) {
		return nil
	}
	if s.int64(keyCreated) == 0 {
		s.raw.Set(keyCreated, now)
	}
	s.raw.Set(keyTouched, now)
	return s.raw.Save()
}

// From returns the request's session; Load must run first.
func From(c *fiber.Ctx) *Session {
	s, ok := Lookup(c)
	if !ok {
		panic("sessions: Load middleware not installed")
	}
	return s
}

// Lookup returns the request's session if Load has run (it has not for static files, or when an
// error stopped the request earlier).
func Lookup(c *fiber.Ctx) (*Session, bool) {
	s, ok := c.Locals(localsKey{}).(*Session)
	return s, ok
}

// ID returns the session id (the cookie value).
func (s *Session) ID() string { return s.raw.ID() }

// Get returns the value stored under key, or nil.
func (s *Session) Get(key string) any { return s.raw.Get(key) }

// Int returns the integer stored under key, or def when there is none.
func (s *Session) Int(key string, def int) int {
	switch v := s.raw.Get(key).(type) {
	case int:
		return v
	case int64:
		return int(v)
	}
	return def
}

func (s *Session) int64(key string) int64 {
	v, _ := s.raw.Get(key).(int64)
	return v
}

// Set stores value under key (a basic type: gob encodes the session).
func (s *Session) Set(key string, value any) {
	s.raw.Set(key, value)
	s.changed = true
}

// Delete removes key.
func (s *Session) Delete(key string) {
	s.raw.Delete(key)
	s.changed = true
}

// UserID returns the logged-in user's id, or 0 for an anonymous visitor.
func (s *Session) UserID() int64 { return s.int64(keyUserID) }

// Login rotates the session id — the old id is deleted from the storage — keeps the data already
// in the session (such as num_visits) unless it belonged to another user, and records userID with authHash, a digest of the password
// the session was opened with.
func (s *Session) Login(userID int64, authHash string) error {
	if prev := s.UserID(); prev != 0 && prev != userID {
		// Another user's session: nothing of theirs carries over (Django flushes it too).
		for _, k := range s.raw.Keys() {
			s.raw.Delete(k)
		}
	}
	if err := s.raw.Regenerate(); err != nil {
		return fmt.Errorf("session rotate: %w", err)
	}
	// The absolute lifetime of an authenticated session counts from the login.
	s.raw.Set(keyCreated, s.m.now().Unix())
	s.Set(keyUserID, userID)
	s.Set(keyAuthHash, authHash)
	return nil
}

// AuthHash returns the password digest recorded at login.
func (s *Session) AuthHash() string {
	h, _ := s.raw.Get(keyAuthHash).(string)
	return h
}

// SetAuthHash records a new password digest, keeping this session logged in after the user
// changed their password while ending their other sessions.
func (s *Session) SetAuthHash(authHash string) { s.Set(keyAuthHash, authHash) }

// Destroy deletes the session from the storage and expires the cookie (logout).
func (s *Session) Destroy() error {
	s.gone = true
	return s.raw.Destroy()
}

// AddFlash queues a one-time message for the next page shown (Django's messages framework).
func (s *Session) AddFlash(msg string) {
	msgs, _ := s.raw.Get(keyFlash).([]string)
	s.Set(keyFlash, append(msgs, msg))
}

// Flashes returns and clears the queued messages.
func (s *Session) Flashes() []string {
	msgs, _ := s.raw.Get(keyFlash).([]string)
	if len(msgs) > 0 {
		s.Delete(keyFlash)
	}
	return msgs
}
