package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// groupOrder is GroupAdmin's ordering: by name.
var groupOrder = Ascending("auth_group.name", "auth_group.id")

// Key is the permission as has_perm names it: "catalog.add_book".
func (p Permission) Key() string { return p.AppLabel + "." + p.Codename }

// GroupColumns are the columns of the admin's group list.
var GroupColumns = []Column{{"Name", []string{"auth_group.name"}, []string{"auth_group.name"}, false}, {"Members", nil, nil, false}}

// GroupChangeList reads a page of the groups f selects, by keys over GroupColumns, with their
// numbers of members: three statements whatever the page size.
func GroupChangeList(ctx context.Context, db *gorm.DB, f NameFilter, keys []SortKey, p ListParams) ([]Counted[Group], Page, error) {
	db = db.WithContext(ctx)
	cl := changeList{keys: db.Model(&Group{}).Scopes(f.Scope("auth_group")), rowID: "auth_group.id", cols: GroupColumns, def: groupOrder}
	if searchText(f.Q) == "" {
		cl.total = CounterTotal(db, 0, counterGroups)
	}
	groups, page, err := readChangeList[Group](cl, keys, p, "admin group list")
	if err != nil {
		return nil, page, err
	}
	rows, err := withCounts(db, groups, func(g Group) int64 { return g.ID }, "auth_user_groups", "group_id")
	return rows, page, err
}

// GetGroup loads a group with its permissions.
func GetGroup(ctx context.Context, db *gorm.DB, id int64) (Group, error) {
	var g Group
	q := db.WithContext(ctx).Preload("Permissions", func(tx *gorm.DB) *gorm.DB { return tx.Order("app_label, id") }).Where("id = ?", id)
	return g, Take(q, &g, "group", id)
}

// GroupOptions lists every group by name, in one query, for the user form and the user list's
// filter.
func GroupOptions(ctx context.Context, db *gorm.DB) ([]Option, error) {
	var groups []Group
	if err := db.WithContext(ctx).Order(groupOrder.sql(false, false)).Find(&groups).Error; err != nil {
		return nil, fmt.Errorf("group choices: %w", err)
	}
	opts := make([]Option, len(groups))
	for i, g := range groups {
		opts[i] = Option{ID: g.ID, Label: g.Name, Text: g.Name}
	}
	return opts, nil
}

// AllPermissions lists every permission, by app and then as the migrations created them (each
// model's add, change, delete and view together).
func AllPermissions(ctx context.Context, db *gorm.DB) ([]Permission, error) {
	var perms []Permission
	if err := db.WithContext(ctx).Order("app_label, id").Find(&perms).Error; err != nil {
		return nil, fmt.Errorf("permissions: %w", err)
	}
	return perms, nil
}

// ExistingGroups returns those of ids that are groups, in one query.
func ExistingGroups(ctx context.Context, db *gorm.DB, ids []int64) ([]int64, error) {
	return existing(ctx, db, &Group{}, ids, "groups")
}

// ExistingPermissions returns those of ids that are permissions, in one query.
func ExistingPermissions(ctx context.Context, db *gorm.DB, ids []int64) ([]int64, error) {
	return existing(ctx, db, &Permission{}, ids, "permissions")
}

func existing(ctx context.Context, db *gorm.DB, model any, ids []int64, what string) ([]int64, error) {
	var found []int64
	if len(ids) == 0 {
		return nil, nil
	}
	if err := db.WithContext(ctx).Model(model).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
		return nil, fmt.Errorf("%s %v: %w", what, ids, err)
	}
	return found, nil
}

// CreateGroup inserts g with the permissions permIDs and records who added it. A name taken
// gives ErrDuplicate, a permission that does not exist ErrInvalidChoice.
func CreateGroup(ctx context.Context, db *gorm.DB, g *Group, permIDs []int64, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit(clause.Associations).Create(g).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create group")
		}
		if err := insertPairs(tx, "auth_group_permissions", "group_id", "permission_id", g.ID, permIDs); err != nil {
			return err
		}
		return logAction(tx, ch, ActionAddition, ContentGroup, strconv.FormatInt(g.ID, 10), g.Name)
	})
}

// UpdateGroup renames g and sets its permissions to permIDs if g.Version is still the stored
// one (ErrStale otherwise); errors as CreateGroup, and ErrNotFound for a group deleted meanwhile.
func UpdateGroup(ctx context.Context, db *gorm.DB, g Group, permIDs []int64, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := updateVersioned(tx, "auth_group", g.ID, g.Version, map[string]any{"name": g.Name}); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM auth_group_permissions WHERE group_id = ?", g.ID).Error; err != nil {
			return fmt.Errorf("permissions of group %d: %w", g.ID, err)
		}
		if err := insertPairs(tx, "auth_group_permissions", "group_id", "permission_id", g.ID, permIDs); err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentGroup, strconv.FormatInt(g.ID, 10), g.Name)
	})
}

// DeleteGroup deletes a group (its members leave it; their accounts stay) and returns it.
func DeleteGroup(ctx context.Context, db *gorm.DB, id int64, ch Change) (Group, error) {
	var g Group
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", id), &g, "group", id); err != nil {
			return err
		}
		if err := deleteRow(tx, "auth_group", id); err != nil {
			return err
		}
		return logAction(tx, ch, ActionDeletion, ContentGroup, strconv.FormatInt(id, 10), g.Name)
	})
	return g, err
}
