package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// userOrder is UserAdmin's ordering: by username.
var userOrder = Ascending("auth_user.username", "auth_user.id")

// UserFilter selects the accounts of the admin's user list: a text matched against the username,
// names and e-mail address, the staff, superuser and active flags (nil: either), and a group.
type UserFilter struct {
	Q                        string
	Staff, Superuser, Active *bool
	GroupID                  int64
}

// Scope adds the filter's conditions to a query on auth_user.
func (f UserFilter) Scope() func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			like := likeEscape(text)
			q = q.Where(fresh(q).Where(contains("auth_user.username"), like).Or(contains("auth_user.first_name"), like).
				Or(contains("auth_user.last_name"), like).Or(contains("auth_user.email"), like))
		}
		for column, v := range map[string]*bool{"is_staff": f.Staff, "is_superuser": f.Superuser, "is_active": f.Active} {
			if v != nil {
				q = q.Where("auth_user."+column+" = ?", *v)
			}
		}
		if f.GroupID != 0 {
			q = q.Where("auth_user.id IN (SELECT user_id FROM auth_user_groups WHERE group_id = ?)", f.GroupID)
		}
		return q
	}
}

// UserColumns are the columns of the admin's user list.
var UserColumns = []Column{
	{"Username", []string{"auth_user.username"}, []string{"auth_user.username"}, false},
	{"Email address", []string{"auth_user.email"}, []string{"auth_user.email"}, false},
	{"First name", []string{"auth_user.first_name"}, []string{"auth_user.first_name"}, false},
	{"Last name", []string{"auth_user.last_name"}, []string{"auth_user.last_name"}, false},
	{"Staff status", []string{"auth_user.is_staff"}, []string{"auth_user.is_staff"}, false},
	{"Active", []string{"auth_user.is_active"}, []string{"auth_user.is_active"}, false},
}

// UserChangeList reads a page of the accounts f selects, ordered by keys over UserColumns;
// unfiltered, totalled by the accounts' counter.
func UserChangeList(ctx context.Context, db *gorm.DB, f UserFilter, keys []SortKey, p ListParams) ([]User, Page, error) {
	db = db.WithContext(ctx)
	cl := changeList{keys: db.Model(&User{}).Scopes(f.Scope()), rowID: "auth_user.id", cols: UserColumns, def: userOrder}
	if f == (UserFilter{}) {
		cl.total = CounterTotal(db, 0, counterUsers)
	}
	return readChangeList[User](cl, keys, p, "admin user list")
}

// UsersWithPermissions returns which of the accounts ids hold a permission, directly or through
// a group, in one statement. Superusers hold every permission whatever this says.
func UsersWithPermissions(ctx context.Context, db *gorm.DB, ids []int64) (map[int64]bool, error) {
	held := map[int64]bool{}
	if len(ids) == 0 {
		return held, nil
	}
	var found []int64
	err := db.WithContext(ctx).Raw(`
		SELECT user_id FROM auth_user_user_permissions WHERE user_id IN ?
		UNION SELECT ug.user_id FROM auth_user_groups ug
		      JOIN auth_group_permissions gp ON gp.group_id = ug.group_id WHERE ug.user_id IN ?`, ids, ids).Scan(&found).Error
	if err != nil {
		return nil, fmt.Errorf("users with permissions: %w", err)
	}
	for _, id := range found {
		held[id] = true
	}
	return held, nil
}

// GetUserWithGroups loads an account with its groups, by name.
func GetUserWithGroups(ctx context.Context, db *gorm.DB, id int64) (User, error) {
	var u User
	q := db.WithContext(ctx).Preload("Groups", func(tx *gorm.DB) *gorm.DB { return tx.Order("name, id") }).Where("id = ?", id)
	return u, Take(q, &u, "user", id)
}

// UserEdit is what the admin's user form saves: the names, e-mail address and flags of User,
// and, when SetGroups, its groups.
type UserEdit struct {
	User      User
	SetGroups bool
	GroupIDs  []int64
}

// UpdateUser saves e if e.User.Version is still the stored one (ErrStale otherwise) and records
// who changed which fields. A group that does not exist (or was just deleted) gives
// ErrInvalidChoice, a missing account ErrNotFound.
func UpdateUser(ctx context.Context, db *gorm.DB, e UserEdit, ch Change) error {
	u := e.User
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := updateVersioned(tx, "auth_user", u.ID, u.Version, map[string]any{
			"first_name": u.FirstName, "last_name": u.LastName, "email": u.Email,
			"is_active": u.IsActive, "is_staff": u.IsStaff, "is_superuser": u.IsSuperuser})
		if err != nil {
			return err
		}
		if e.SetGroups {
			if err := tx.Exec("DELETE FROM auth_user_groups WHERE user_id = ?", u.ID).Error; err != nil {
				return fmt.Errorf("groups of user %d: %w", u.ID, err)
			}
			if err := insertPairs(tx, "auth_user_groups", "user_id", "group_id", u.ID, e.GroupIDs); err != nil {
				return err
			}
		}
		return logAction(tx, ch, ActionChange, ContentUser, strconv.FormatInt(u.ID, 10), u.Username)
	})
}

// SetUserPassword stores a new password hash for the account and records who set it ("Changed
// password."). Every session opened with the old password ends at its next request.
func SetUserPassword(ctx context.Context, db *gorm.DB, u User, hash string, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ?", u.ID).Update("password", hash)
		if res.Error != nil {
			return fmt.Errorf("set password of user %d: %w", u.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		ch.Fields = []string{"password"}
		return logAction(tx, ch, ActionChange, ContentUser, strconv.FormatInt(u.ID, 10), u.Username)
	})
}
