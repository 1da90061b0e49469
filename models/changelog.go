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

// Actor names who made the change for people: the username, "a command-line import", or "a
// deleted user".
func (e LogEntry) Actor() string {
	if e.User != nil {
		return e.User.Username
	}
	if src := e.source(); src != nil && src.CommandLine && e.UserID == nil {
		return "a command-line import"
	}
	return "a deleted user"
}

// Imported reports whether the change came from a CSV import.
func (e LogEntry) Imported() bool { return e.source() != nil }

// source is the import element of the change message, nil for an edit through a form.
func (e LogEntry) source() *importSource {
	var msgs []changeMessage
	if !strings.Contains(e.ChangeMessage, `"imported"`) || json.Unmarshal([]byte(e.ChangeMessage), &msgs) != nil {
		return nil
	}
	for _, m := range msgs {
		if m.Imported != nil {
			return m.Imported
		}
	}
	return nil
}

// changeMessage is one element of Django's JSON change message. Imports add an element of
// their own, which Django's admin ignores.
type changeMessage struct {
	Added    *struct{}      `json:"added,omitempty"`
	Changed  *changedFields `json:"changed,omitempty"`
	Imported *importSource  `json:"imported,omitempty"`
}

type changedFields struct {
	Fields []string `json:"fields"`
}

// importSource says that a change came from a CSV import, and whether from the command line
// (where there is no user).
type importSource struct {
	CommandLine bool `json:"command_line,omitempty"`
}

// Message says what was done in words, as Django's LogEntry.get_change_message:
// "Added.", "Changed Title and Genre.", "Deleted.".
// An import's entries end "from a CSV file": "Added from a CSV file.".
func (e LogEntry) Message() string {
	msg := e.message()
	if e.Imported() {
		msg = strings.TrimSuffix(msg, ".") + " from a CSV file."
	}
	return msg
}

func (e LogEntry) message() string {
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
	// Imported marks the changes of a CSV import (from the command line when UserID is 0).
	Imported bool
}

// logAction writes the log entry of an action on one object, inside the action's transaction.
func logAction(tx *gorm.DB, ch Change, flag int, contentType, objectID, repr string) error {
	e, err := ch.entry(flag, contentType, objectID, repr)
	if err != nil {
		return err
	}
	if err := tx.Omit("User").Create(&e).Error; err != nil {
		return fmt.Errorf("log %s %s: %w", contentType, objectID, err)
	}
	return nil
}

// entry is the log entry of ch, an action flag on one object.
func (ch Change) entry(flag int, contentType, objectID, repr string) (LogEntry, error) {
	msg := ""
	var msgs []changeMessage
	switch flag {
	case ActionAddition:
		msg = `[{"added": {}}]`
		msgs = append(msgs, changeMessage{Added: &struct{}{}})
	case ActionChange:
		msgs = append(msgs, changeMessage{Changed: &changedFields{Fields: append([]string{}, ch.Fields...)}})
	}
	if ch.Imported {
		msgs = append(msgs, changeMessage{Imported: &importSource{CommandLine: ch.UserID == 0}})
	}
	if flag == ActionChange || ch.Imported {
		b, err := json.Marshal(msgs)
		if err != nil {
			return LogEntry{}, err
		}
		msg = string(b)
	}
	e := LogEntry{ActionTime: time.Now().UTC(), ContentType: contentType, ObjectID: objectID,
		ObjectRepr: truncate(repr, 200), ActionFlag: flag, ChangeMessage: msg}
	if ch.UserID != 0 {
		e.UserID = &ch.UserID
	}
	return e, nil
}

// logged is one object an import added or changed, for logActions.
type logged struct {
	flag                        int
	contentType, objectID, repr string
	fields                      []string
}

// logActions writes the log entries of many actions by one user, in multi-row statements:
// an import records each object it adds or changes, as the forms do.
func logActions(tx *gorm.DB, ch Change, actions []logged) error {
	rows := make([][]any, 0, len(actions))
	for _, a := range actions {
		c := ch
		c.Fields = a.fields
		e, err := c.entry(a.flag, a.contentType, a.objectID, a.repr)
		if err != nil {
			return err
		}
		rows = append(rows, []any{e.ActionTime, e.UserID, e.ContentType, e.ObjectID, e.ObjectRepr, e.ActionFlag, e.ChangeMessage})
	}
	cols := []string{"action_time", "user_id", "content_type", "object_id", "object_repr", "action_flag", "change_message"}
	return insertRows(tx, "django_admin_log", cols, rows, "", nil)
}

// truncate cuts s to at most n characters, never inside one.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// ListChanges returns the latest limit log entries of the given content types (ContentAuthor and
// the like) with their users, newest first (the admin's "Recent actions").
func ListChanges(ctx context.Context, db *gorm.DB, contentTypes []string, limit int) ([]LogEntry, error) {
	if len(contentTypes) == 0 {
		return nil, nil
	}
	var entries []LogEntry
	err := db.WithContext(ctx).Joins("User").Where("django_admin_log.content_type IN ?", contentTypes).
		Order("django_admin_log.action_time DESC, django_admin_log.id DESC").Limit(limit).Find(&entries).Error
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
