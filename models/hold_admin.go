package models

import (
	"context"

	"gorm.io/gorm"
)

// HoldColumns are the columns of the admin's hold list.
var HoldColumns = []Column{
	{"Book", []string{`"Book".title`}},
	{"Member", []string{`"Member".username`}},
	{"Status", []string{"catalog_hold.status"}},
	{"Placed", []string{"catalog_hold.placed_at"}},
	{"Pickup until", []string{"catalog_hold.pickup_until"}},
}

// HoldFilter is the search and filter of the admin's hold list: a book (title, author, ISBN) or
// a member's username, and a status.
type HoldFilter struct {
	Q      string
	Status string
}

// Scope applies the filter to a query of holds.
func (f HoldFilter) Scope() func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			q = q.Where(fresh(q).Where("catalog_hold.book_id IN (?)", Search{Q: text}.matchingBooks(fresh(q))).
				Or("catalog_hold.member_id IN (?)", fresh(q).Table("auth_user").Select("id").Where(contains("username"), likeEscape(text))))
		}
		if f.Status != "" {
			q = q.Where("catalog_hold.status = ?", f.Status)
		}
		return q
	}
}

// HoldChangeList reads a page of the holds f selects, newest first unless keys order them, with
// their books and members: two statements whatever the page size.
func HoldChangeList(ctx context.Context, db *gorm.DB, f HoldFilter, keys []SortKey, p ListParams) ([]Hold, Page, error) {
	q := db.WithContext(ctx).Model(&Hold{}).Scopes(f.Scope())
	return changeList[Hold](q, p, HoldColumns, keys, "catalog_hold.id DESC", "admin hold list", "Book", "Member")
}

// HoldStatusName is the display name of a hold status code ("" if unknown).
func HoldStatusName(code string) string {
	for _, s := range HoldStatuses {
		if s.Code == code {
			return s.Name
		}
	}
	return ""
}
