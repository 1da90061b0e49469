package sessions

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
)

type localsKey struct{}

// Session is one request's view of the browser's session. Changes are saved once, after the
// handler ran.
type Session struct {
	raw     *session.Session
	m       *Manager
	c       *fiber.Ctx
	changed bool
	gone    bool
}

// Load is the middleware that reads the session before the handlers and saves it after them,
// holding the session's lock in between. The cookie's form is checked first: a malformed one is
// ignored without touching the storage.
func (m *Manager) Load(c *fiber.Ctx) error {
	ctx := c.UserContext()
	id, pending := m.cookieID(c)
	if id != "" {
		unlock, err := m.locks.lock(ctx, id)
		if err != nil {
			return fmt.Errorf("session lock: %w", err)
		}
		defer unlock()
	}
	st := *m.store
	st.Storage = bound{t: m.table, ctx: ctx}
	raw, err := st.Get(c)
	if err != nil {
		return fmt.Errorf("session load: %w", err)
	}
	s := &Session{raw: raw, m: m, c: c}
	if pending {
		// The browser kept the cookie of its first visit: this is its second.
		raw.Set(keyVisits, 2)
	}
	now := m.now()
	if created := s.int64(keyCreated); created != 0 && now.Unix()-created > int64(m.maxAge.Seconds()) {
		// Past the absolute lifetime: start over with a new, empty session.
		if err := raw.Reset(); err != nil {
			return fmt.Errorf("session expire: %w", err)
		}
	}
	c.Locals(localsKey{}, s)
	herr := c.Next()
	if err := s.save(ctx, now); err != nil {
		return fmt.Errorf("session save: %w", err)
	}
	return herr
}

// cookieID returns the session id the cookie names, if it has the form of one, and whether it
// is a pending one (never stored). Otherwise the cookie is removed from the request, so that
// Fiber's store starts a fresh session without a lookup.
func (m *Manager) cookieID(c *fiber.Ctx) (id string, pending bool) {
	v := c.Cookies(CookieName)
	if v == "" {
		return "", false
	}
	if ValidID(v) && !m.pending.is(v) {
		return strings.Clone(v), false
	}
	pending = ValidID(v)
	c.Request().Header.DelCookie(CookieName)
	return "", pending
}

func (s *Session) save(ctx context.Context, now time.Time) error {
	if s.gone {
		return nil
	}
	ttl := s.ttl()
	idle := now.Unix() - s.int64(keyTouched)
	// A session in use is re-saved now and then so that its idle expiry moves forward.
	if !s.changed && (len(s.raw.Keys()) == 0 || idle < int64(ttl.Seconds())/20) {
		return nil
	}
	if s.firstVisitOnly() {
		s.m.setCookie(s.c, s.m.pending.new(), ttl)
		return nil
	}
	if s.int64(keyCreated) == 0 {
		s.raw.Set(keyCreated, now.Unix())
	}
	s.raw.Set(keyTouched, now.Unix())
	v, err := s.encode()
	if err != nil {
		return err
	}
	id, e := s.raw.ID(), expiry(now, ttl)
	if s.raw.Fresh() {
		if err := s.m.table.insertRow(ctx, id, v, e); err != nil {
			return err
		}
	} else if ok, err := s.m.table.updateRow(ctx, id, v, e, now); err != nil {
		return err
	} else if !ok {
		// Deleted, rotated or expired meanwhile: that wins, and the browser forgets the id.
		s.m.dropped.Add(1)
		s.m.expireCookie(s.c)
		return nil
	}
	s.m.setCookie(s.c, id, ttl)
	return nil
}

// ttl is the session's idle lifetime: short while nobody is logged in.
func (s *Session) ttl() time.Duration {
	if s.UserID() != 0 {
		return s.m.ttl
	}
	return s.m.anonTTL
}

// firstVisitOnly reports whether the session is new and holds nothing but a first visit of the
// home page. It is not stored: the browser gets a pending id and a row is written when it comes
// back with it, so clients that drop cookies (crawlers, scripts) never add rows.
func (s *Session) firstVisitOnly() bool {
	if !s.raw.Fresh() || s.UserID() != 0 || s.Int(keyVisits, 0) != 2 {
		return false
	}
	for _, k := range s.raw.Keys() {
		if k != keyVisits && k != keyCreated && k != keyTouched {
			return false
		}
	}
	return true
}

// encode serialises the session's values as Fiber's session store does (gob of a map), so the
// store's Get reads them back.
func (s *Session) encode() ([]byte, error) {
	data := make(map[string]any)
	for _, k := range s.raw.Keys() {
		data[k] = s.raw.Get(k)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&data); err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return buf.Bytes(), nil
}

func (m *Manager) setCookie(c *fiber.Ctx, id string, ttl time.Duration) {
	c.Cookie(&fiber.Cookie{Name: CookieName, Value: id, Path: "/", MaxAge: int(ttl.Seconds()),
		Expires: m.now().Add(ttl), Secure: m.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
}

func (m *Manager) expireCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		Expires: time.Unix(0, 0), Secure: m.secure, HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode})
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

// CountVisit counts a view of the home page and returns its number: 1 on a browser's first.
func (s *Session) CountVisit() int {
	n := s.Int(keyVisits, 1)
	s.Set(keyVisits, n+1)
	return n
}
