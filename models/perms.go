package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// PermMarkReturned is the librarians' permission to lend, renew and take back copies.
const PermMarkReturned = "catalog.can_mark_returned"

// modelApps gives the app of each model with Django's default permissions (add, change, delete
// and view), as the permissions migration creates them.
var modelApps = map[string]string{
	"author": "catalog", "book": "catalog", "bookinstance": "catalog", "genre": "catalog", "hold": "catalog", "language": "catalog",
	"user": "auth", "group": "auth", "permission": "auth",
}

// modelPerm returns the key of Django's default permission for action on model
// ("catalog.add_author"), or an error for an action or model LocalLibrary does not have.
func modelPerm(action, model string) (string, error) {
	app, ok := modelApps[model]
	switch {
	case !ok:
		return "", fmt.Errorf("permission: unknown model %q", model)
	case action != "add" && action != "change" && action != "delete" && action != "view":
		return "", fmt.Errorf("permission: unknown action %q (want add, change, delete or view)", action)
	}
	return app + "." + action + "_" + model, nil
}

// ModelPerm returns the key of Django's default permission for action on model:
// ModelPerm("add", "author") is "catalog.add_author". It panics on an action or model
// LocalLibrary does not have, since keys are fixed in code (the route table).
func ModelPerm(action, model string) string {
	key, err := modelPerm(action, model)
	if err != nil {
		panic(err)
	}
	return key
}

// Perms is what one user may do, checked as Django's user.has_perm("catalog.add_author").
type Perms struct {
	all  bool
	keys map[string]bool
}

// Has reports whether the permission key ("app_label.codename") is granted.
func (p Perms) Has(key string) bool { return p.all || p.keys[key] }

// Can reports whether the user may do action on model, for templates:
// {{ if .perms.Can "add" "author" }}. An unknown action or model is an error, which fails the
// page: a typo never hides a link silently.
func (p Perms) Can(action, model string) (bool, error) {
	key, err := modelPerm(action, model)
	return err == nil && p.Has(key), err
}

// CanMarkReturned reports whether the user may lend, renew and take back copies.
func (p Perms) CanMarkReturned() bool { return p.Has(PermMarkReturned) }

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

// CanManageUser reports whether actor, holding perms, may open and change the account target
// in the admin: a superuser any account; a holder of auth.change_user (a librarian) only a
// member's — not staff, not a superuser, and holding no permission itself (targetHoldsPerms),
// so that no one gains through another account more than they hold.
func CanManageUser(actor User, perms Perms, target User, targetHoldsPerms bool) bool {
	if actor.IsSuperuser && actor.IsActive {
		return true
	}
	return perms.Has(ModelPerm("change", "user")) && !target.IsStaff && !target.IsSuperuser && !targetHoldsPerms
}
