package models

import (
	"strings"
	"time"
)

// User is an account: a member, a librarian or an administrator (django.contrib.auth's User).
type User struct {
	ID          int64
	Password    string
	LastLogin   *time.Time
	IsSuperuser bool
	Username    string
	FirstName   string
	LastName    string
	Email       string
	IsStaff     bool
	IsActive    bool
	DateJoined  time.Time
	Groups      []Group `gorm:"many2many:auth_user_groups;joinForeignKey:user_id;joinReferences:group_id"`
}

// TableName keeps Django's table name.
func (User) TableName() string { return "auth_user" }

// String returns the username.
func (u User) String() string { return u.Username }

// FullName returns "First Last", or the username when both are blank.
func (u User) FullName() string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.Username
}

// Group is a named set of permissions, such as "Librarians".
type Group struct {
	ID          int64
	Name        string
	Permissions []Permission `gorm:"many2many:auth_group_permissions;joinForeignKey:group_id;joinReferences:permission_id"`
}

// TableName keeps Django's table name.
func (Group) TableName() string { return "auth_group" }

// Permission is a right such as catalog.add_author or catalog.can_mark_returned.
type Permission struct {
	ID       int64
	Name     string
	AppLabel string
	Codename string
}

// TableName keeps Django's table name.
func (Permission) TableName() string { return "auth_permission" }

// Key returns "app_label.codename", the form used in permission checks.
func (p Permission) Key() string { return p.AppLabel + "." + p.Codename }
