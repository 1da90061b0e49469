package models

import (
	"context"
	"strconv"

	"gorm.io/gorm"
)

// Author is a writer of books in the catalog.
type Author struct {
	ID          int64
	FirstName   string
	LastName    string
	DateOfBirth *Date
	DateOfDeath *Date
	// Version moves on with every change, so that a form saved after someone else's edit is refused.
	Version int    `gorm:"default:1"`
	Books   []Book `gorm:"foreignKey:AuthorID"`
}

// authorOrder is Author's Meta.ordering.
var authorOrder = Ascending("catalog_author.last_name", "catalog_author.first_name", "catalog_author.id")

// TableName keeps Django's table name.
func (Author) TableName() string { return "catalog_author" }

// String returns "Last, First", as the Django model's __str__.
func (a Author) String() string { return a.LastName + ", " + a.FirstName }

// Lifespan returns "birth - death" with either side blank when unknown.
func (a Author) Lifespan() string {
	if a.DateOfBirth == nil && a.DateOfDeath == nil {
		return ""
	}
	s := ""
	if a.DateOfBirth != nil {
		s = a.DateOfBirth.Display()
	}
	s += " - "
	if a.DateOfDeath != nil {
		s += a.DateOfDeath.Display()
	}
	return s
}

// ListAuthors reads a page of authors, ordered by last then first name.
func ListAuthors(ctx context.Context, db *gorm.DB, p ListParams) ([]Author, Page, error) {
	db = db.WithContext(ctx)
	l := Listing{Keys: db.Model(&Author{}), Order: authorOrder, Rows: db.Model(&Author{}), RowID: "catalog_author.id",
		Total: CounterTotal(db, 0, counterAuthors)}
	return ListPage[Author](l, p, "author list")
}

// GetAuthor loads an author.
func GetAuthor(ctx context.Context, db *gorm.DB, id int64) (Author, error) {
	var a Author
	return a, Take(db.WithContext(ctx).Where("id = ?", id), &a, "author", id)
}

// CreateAuthor inserts a and records who added it.
func CreateAuthor(ctx context.Context, db *gorm.DB, a *Author, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		a.Version = 1
		if err := tx.Omit("Books").Create(a).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create author")
		}
		return logAction(tx, ch, ActionAddition, ContentAuthor, strconv.FormatInt(a.ID, 10), a.String())
	})
}

// UpdateAuthor saves a's fields if a.Version is still the stored one (ErrStale otherwise), and
// records who changed which fields.
func UpdateAuthor(ctx context.Context, db *gorm.DB, a Author, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := updateVersioned(tx, "catalog_author", a.ID, a.Version, map[string]any{
			"first_name": a.FirstName, "last_name": a.LastName,
			"date_of_birth": dateValue(a.DateOfBirth), "date_of_death": dateValue(a.DateOfDeath)})
		if err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentAuthor, strconv.FormatInt(a.ID, 10), a.String())
	})
}

// DeleteAuthor deletes an author without books and returns it; an author with books, even one
// added a moment ago, gives ErrProtected.
func DeleteAuthor(ctx context.Context, db *gorm.DB, id int64, ch Change) (Author, error) {
	var a Author
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", id), &a, "author", id); err != nil {
			return err
		}
		if err := deleteRow(tx, "catalog_author", id); err != nil {
			return err
		}
		return logAction(tx, ch, ActionDeletion, ContentAuthor, strconv.FormatInt(id, 10), a.String())
	})
	return a, err
}

// AuthorFilter selects the authors of the admin's author list: a text matched against "First
// Last" ignoring case and accents, and (Died) whether they have a date of death.
type AuthorFilter struct {
	Q    string
	Died *bool
}

// Scope adds the filter's conditions to a query on catalog_author.
func (f AuthorFilter) Scope() func(*gorm.DB) *gorm.DB {
	return func(q *gorm.DB) *gorm.DB {
		if text := searchText(f.Q); text != "" {
			// The expression of the trigram index on the names.
			q = q.Where(contains("catalog_author.first_name || ' ' || catalog_author.last_name"), likeEscape(text))
		}
		switch {
		case f.Died != nil && *f.Died:
			q = q.Where("catalog_author.date_of_death IS NOT NULL")
		case f.Died != nil:
			q = q.Where("catalog_author.date_of_death IS NULL")
		}
		return q
	}
}

// AuthorColumns are the columns of the admin's author list.
var AuthorColumns = []Column{
	{"Name", []string{"catalog_author.last_name", "catalog_author.first_name"}, []string{"catalog_author.last_name", "catalog_author.first_name"}, false},
	{"Born", []string{"catalog_author.date_of_birth"}, []string{"coalesce(catalog_author.date_of_birth, '9999-12-31')"}, true},
	{"Died", []string{"catalog_author.date_of_death"}, []string{"coalesce(catalog_author.date_of_death, '9999-12-31')"}, true},
}

// AuthorChangeList reads a page of the authors f selects, ordered by keys over AuthorColumns;
// unfiltered, totalled by the authors' counter.
func AuthorChangeList(ctx context.Context, db *gorm.DB, f AuthorFilter, keys []SortKey, p ListParams) ([]Author, Page, error) {
	db = db.WithContext(ctx)
	cl := changeList{keys: db.Model(&Author{}).Scopes(f.Scope()), rowID: "catalog_author.id", cols: AuthorColumns, def: authorOrder}
	if searchText(f.Q) == "" && f.Died == nil {
		cl.total = CounterTotal(db, 0, counterAuthors)
	}
	return readChangeList[Author](cl, keys, p, "admin author list")
}
