package models

import (
	"context"

	"gorm.io/gorm"
)

// HoldColumns are the columns of the admin's hold list.
var HoldColumns = []Column{
	{"Book", []string{`"Book".title`}, nil, false},
	{"Member", []string{`"Member".username`}, nil, false},
	{"Status", []string{"catalog_hold.status"}, []string{"catalog_hold.status"}, false},
	{"Placed", []string{"catalog_hold.placed_at"}, []string{"catalog_hold.placed_at"}, false},
	{"Pickup until", []string{"catalog_hold.pickup_until"}, []string{"coalesce(catalog_hold.pickup_until, '9999-12-31')"}, true},
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
// their books and members: two statements whatever the page size. Unfiltered, it is totalled by
// the holds' counter.
func HoldChangeList(ctx context.Context, db *gorm.DB, f HoldFilter, keys []SortKey, p ListParams) ([]Hold, Page, error) {
	db = db.WithContext(ctx)
	cl := changeList{keys: db.Model(&Hold{}).Scopes(f.Scope()), inner: []string{"Book", "Member"}, rowID: "catalog_hold.id",
		cols: HoldColumns, def: Order{{Expr: "catalog_hold.id", Desc: true}}}
	if f == (HoldFilter{}) {
		cl.total = CounterTotal(db, 0, counterHolds)
	}
	return readChangeList[Hold](cl, keys, p, "admin hold list")
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
