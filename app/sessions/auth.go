package sessions

import "fmt"

// UserID returns the logged-in user's id, or 0 for an anonymous visitor.
func (s *Session) UserID() int64 { return s.int64(keyUserID) }

// Login rotates the session id — the old id is deleted from the storage — keeps the data already
// in the session (such as the visit counter) unless it belonged to another user, and records
// userID with authHash, a digest of the password the session was opened with.
func (s *Session) Login(userID int64, authHash string) error {
	if prev := s.UserID(); prev != 0 && prev != userID {
		// Another user's session: nothing of theirs carries over (Django flushes it too).
		for _, k := range s.raw.Keys() {
			s.raw.Delete(k)
		}
	}
	// A fresh session's id was made for this request and never sent: nothing to rotate.
	if !s.raw.Fresh() {
		if err := s.raw.Regenerate(); err != nil {
			return fmt.Errorf("session rotate: %w", err)
		}
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
	if s.raw.Fresh() {
		s.m.expireCookie(s.c)
		return nil
	}
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
