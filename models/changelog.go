package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Action flags of a LogEntry, as django.contrib.admin.models numbers them.
const (
	ActionAddition = 1
	ActionChange   = 2
	ActionDeletion = 3
)

// Content types of the catalog's models, as LogEntry names them ("app_label.model").
const (
	ContentAuthor       = "catalog.author"
	ContentBook         = "catalog.book"
	ContentGenre        = "catalog.genre"
	ContentLanguage     = "catalog.language"
	ContentBookInstance = "catalog.bookinstance"
	ContentUser         = "auth.user"
	ContentGroup        = "auth.group"
)

// LogEntry is one create, change or delete of a catalog object: who, when, what (Django admin's
// LogEntry, written in the same transaction as the change it records).
type LogEntry struct {
	ID          int64
	ActionTime  time.Time
	UserID      *int64
	User        *User
	ContentType string
	ObjectID    string
	ObjectRepr  string
	ActionFlag  int
	// ChangeMessage is Django's JSON: [{"added": {}}] or [{"changed": {"fields": ["Title"]}}].
	ChangeMessage string
}

// TableName keeps Django's table name.
func (LogEntry) TableName() string { return "django_admin_log" }

// IsAddition reports whether the entry records a creation.
func (e LogEntry) IsAddition() bool { return e.ActionFlag == ActionAddition }

// IsChange reports whether the entry records a change.
func (e LogEntry) IsChange() bool { return e.ActionFlag == ActionChange }

// IsDeletion reports whether the entry records a deletion.
func (e LogEntry) IsDeletion() bool { return e.ActionFlag == ActionDeletion }

// Username names who made the change ("" when the account was deleted since).
func (e LogEntry) Username() string {
	if e.User == nil {
		return ""
	}
	return e.User.Username
}

// changeMessage is one element of Django's JSON change message.
type changeMessage struct {
	Added   *struct{}      `json:"added,omitempty"`
	Changed *changedFields `json:"changed,omitempty"`
}

type changedFields struct {
	Fields []string `json:"fields"`
}

// Message says what was done in words, as Django's LogEntry.get_change_message:
// "Added.", "Changed Title and Genre.", "Deleted.".
func (e LogEntry) Message() string {
	switch e.ActionFlag {
	case ActionAddition:
		return "Added."
	case ActionDeletion:
		return "Deleted."
	}
	var msgs []changeMessage
	if json.Unmarshal([]byte(e.ChangeMessage), &msgs) != nil || len(msgs) == 0 || msgs[0].Changed == nil {
		return "No fields changed."
	}
	f := msgs[0].Changed.Fields
	switch len(f) {
	case 0:
		return "No fields changed."
	case 1:
		return "Changed " + f[0] + "."
	}
	return "Changed " + strings.Join(f[:len(f)-1], ", ") + " and " + f[len(f)-1] + "."
}

// Change is what a create, update or delete records in the log: who did it, and for an update
// the labels of the fields that changed.
type Change struct {
	UserID int64
	Fields []string
}

// logAction writes the log entry of an action on one object, inside the action's transaction.
func logAction(tx *gorm.DB, ch Change, flag int, contentType, objectID, repr string) error {
	msg := ""
	switch flag {
	case ActionAddition:
		msg = `[{"added": {}}]`
	case ActionChange:
		b, err := json.Marshal([]changeMessage{{Changed: &changedFields{Fields: append([]string{}, ch.Fields...)}}})
		if err != nil {
			return err
		}
		msg = string(b)
	}
	e := LogEntry{ActionTime: time.Now().UTC(), ContentType: contentType, ObjectID: objectID,
		ObjectRepr: truncate(repr, 200), ActionFlag: flag, ChangeMessage: msg}
	if ch.UserID != 0 {
		e.UserID = &ch.UserID
	}
	if err := tx.Omit("User").Create(&e).Error; err != nil {
		return fmt.Errorf("log %s %s: %w", contentType, objectID, err)
	}
	return nil
}

// truncate cuts s to at most n characters, never inside one.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// ListChanges returns the latest limit log entries with their users, newest first (the admin's
// "Recent actions").
func ListChanges(ctx context.Context, db *gorm.DB, limit int) ([]LogEntry, error) {
	var entries []LogEntry
	err := db.WithContext(ctx).Joins("User").Order("django_admin_log.action_time DESC, django_admin_log.id DESC").
		Limit(limit).Find(&entries).Error
	if err != nil {
		return nil, fmt.Errorf("recent changes: %w", err)
	}
	return entries, nil
}

// ObjectHistory returns the latest limit log entries of one object, newest first (the admin's
// history page): contentType is ContentAuthor and the like, objectID the id as text.
func ObjectHistory(ctx context.Context, db *gorm.DB, contentType, objectID string, limit int) ([]LogEntry, error) {
	var entries []LogEntry
	err := db.WithContext(ctx).Joins("User").
		Where("django_admin_log.content_type = ? AND django_admin_log.object_id = ?", contentType, objectID).
		Order("django_admin_log.action_time DESC, django_admin_log.id DESC").Limit(limit).Find(&entries).Error
	if err != nil {
		return nil, fmt.Errorf("history of %s %s: %w", contentType, objectID, err)
	}
	return entries, nil
}

// LastChange returns the newest log entry of one object, or nil when it has none (an object
// loaded by seed or import).
func LastChange(ctx context.Context, db *gorm.DB, contentType, objectID string) (*LogEntry, error) {
	entries, err := ObjectHistory(ctx, db, contentType, objectID, 1)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	return &entries[0], nil
}
