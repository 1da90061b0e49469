package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// Genre is a category of books; names are unique ignoring case.
type Genre struct {
	ID   int64
	Name string
	// Version moves on with every change, so that a form saved after someone else's edit is refused.
	Version int `gorm:"default:1"`
}

// genreOrder is Genre's Meta.ordering.
var genreOrder = Ascending("catalog_genre.name", "catalog_genre.id")

// nameOrder is the ORDER BY of the models ordered by name (Genre, Language) in one table.
const nameOrder = "name, id"

// TableName keeps Django's table name.
func (Genre) TableName() string { return "catalog_genre" }

// String returns the genre's name.
func (g Genre) String() string { return g.Name }

// ListGenres reads a page of genres, ordered by name.
func ListGenres(ctx context.Context, db *gorm.DB, p ListParams) ([]Genre, Page, error) {
	db = db.WithContext(ctx)
	l := Listing{Keys: db.Model(&Genre{}), Order: genreOrder, Rows: db.Model(&Genre{}), RowID: "catalog_genre.id",
		Total: CounterTotal(db, 0, counterGenres)}
	return ListPage[Genre](l, p, "genre list")
}

// GetGenre loads a genre.
func GetGenre(ctx context.Context, db *gorm.DB, id int64) (Genre, error) {
	var g Genre
	return g, Take(db.WithContext(ctx).Where("id = ?", id), &g, "genre", id)
}

// CreateGenre inserts g; a name taken ignoring case (by the unique index, so also by a concurrent
// insert) gives ErrDuplicate.
func CreateGenre(ctx context.Context, db *gorm.DB, g *Genre, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		g.Version = 1
		if err := tx.Create(g).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create genre")
		}
		return logAction(tx, ch, ActionAddition, ContentGenre, strconv.FormatInt(g.ID, 10), g.Name)
	})
}

// UpdateGenre renames g if g.Version is still the stored one (ErrStale otherwise); a name taken
// ignoring case gives ErrDuplicate.
func UpdateGenre(ctx context.Context, db *gorm.DB, g Genre, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := updateVersioned(tx, "catalog_genre", g.ID, g.Version, map[string]any{"name": g.Name}); err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentGenre, strconv.FormatInt(g.ID, 10), g.Name)
	})
}

// DeleteGenre deletes a genre no book uses and returns it; one in use, even by a book added a
// moment ago, gives ErrProtected.
func DeleteGenre(ctx context.Context, db *gorm.DB, id int64, ch Change) (Genre, error) {
	var g Genre
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", id), &g, "genre", id); err != nil {
			return err
		}
		if err := deleteRow(tx, "catalog_genre", id); err != nil {
			return err
		}
		return logAction(tx, ch, ActionDeletion, ContentGenre, strconv.FormatInt(id, 10), g.Name)
	})
	return g, err
}

// ExistingGenres returns those of ids that are genres, in one query.
func ExistingGenres(ctx context.Context, db *gorm.DB, ids []int64) ([]int64, error) {
	var found []int64
	if len(ids) == 0 {
		return nil, nil
	}
	if err := db.WithContext(ctx).Model(&Genre{}).Where("id IN ?", ids).Pluck("id", &found).Error; err != nil {
		return nil, fmt.Errorf("genres %v: %w", ids, err)
	}
	return found, nil
}

// NameFilter selects the genres or languages of an admin list: a text matched against the name,
// ignoring case and accents.
type NameFilter struct {
	Q string
}

// Scope adds the filter's condition to a query on table (catalog_genre or catalog_language).
func (f NameFilter) Scope(table string) func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			q = q.Where(contains(table+".name"), likeEscape(text))
		}
		return q
	}
}

// NameColumns are the columns of the admin's genre and language lists.
var NameColumns = []Column{{"Name", []string{"name"}, []string{"name"}, false}, {"Books", nil, nil, false}}

// changeList is the admin's list of the genres or languages (table, counted by counter) f
// selects; unsearched, totalled by the counter.
func (f NameFilter) changeList(db *gorm.DB, model any, table, counter string) changeList {
	cl := changeList{keys: db.Model(model).Scopes(f.Scope(table)), rowID: table + ".id", cols: NameColumns,
		def: Ascending(table+".name", table+".id")}
	if searchText(f.Q) == "" {
		cl.total = CounterTotal(db, 0, counter)
	}
	return cl
}

// GenreChangeList reads a page of the genres f selects, ordered by keys over NameColumns, with
// their numbers of books: three statements whatever the page size.
func GenreChangeList(ctx context.Context, db *gorm.DB, f NameFilter, keys []SortKey, p ListParams) ([]Counted[Genre], Page, error) {
	db = db.WithContext(ctx)
	genres, page, err := readChangeList[Genre](f.changeList(db, &Genre{}, "catalog_genre", counterGenres), keys, p, "admin genre list")
	if err != nil {
		return nil, page, err
	}
	rows, err := withCounts(db, genres, func(g Genre) int64 { return g.ID }, "catalog_book_genre", "genre_id")
	return rows, page, err
}
