package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Perms is what one user may do, checked as Django's user.has_perm("catalog.add_author").
type Perms struct {
	all  bool
	keys map[string]bool
}

// Has reports whether the permission key ("app_label.codename") is granted.
func (p Perms) Has(key string) bool { return p.all || p.keys[key] }

// NewPerms grants keys; superuser grants everything.
func NewPerms(superuser bool, keys ...string) Perms {
	p := Perms{all: superuser, keys: make(map[string]bool, len(keys))}
	for _, k := range keys {
		p.keys[k] = true
	}
	return p
}

// UserPerms returns the permissions u holds directly and through its groups. An inactive user
// holds none, an active superuser all.
func UserPerms(ctx context.Context, db *gorm.DB, u User) (Perms, error) {
	if !u.IsActive {
		return NewPerms(false), nil
	}
	if u.IsSuperuser {
		return NewPerms(true), nil
	}
	var keys []string
	err := db.WithContext(ctx).Raw(`
		SELECT p.app_label || '.' || p.codename FROM auth_permission p
		WHERE p.id IN (SELECT permission_id FROM auth_user_user_permissions WHERE user_id = ?)
		   OR p.id IN (SELECT gp.permission_id FROM auth_group_permissions gp
		               JOIN auth_user_groups ug ON ug.group_id = gp.group_id WHERE ug.user_id = ?)`,
		u.ID, u.ID).Scan(&keys).Error
	if err != nil {
		return Perms{}, fmt.Errorf("user %d permissions: %w", u.ID, err)
	}
	return NewPerms(false, keys...), nil
}
