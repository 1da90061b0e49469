package models

import (
	"context"
	"strconv"

	"gorm.io/gorm"
)

// Language is the language a book is written in; names are unique ignoring case.
type Language struct {
	ID   int64
	Name string
	// Version moves on with every change, so that a form saved after someone else's edit is refused.
	Version int `gorm:"default:1"`
}

// languageOrder orders languages by name.
var languageOrder = Ascending("catalog_language.name", "catalog_language.id")

// TableName keeps Django's table name.
func (Language) TableName() string { return "catalog_language" }

// String returns the language's name.
func (l Language) String() string { return l.Name }

// ListLanguages reads a page of languages, ordered by name.
func ListLanguages(ctx context.Context, db *gorm.DB, p ListParams) ([]Language, Page, error) {
	db = db.WithContext(ctx)
	l := Listing{Keys: db.Model(&Language{}), Order: languageOrder, Rows: db.Model(&Language{}), RowID: "catalog_language.id",
		Total: CounterTotal(db, 0, counterLanguages)}
	return ListPage[Language](l, p, "language list")
}

// GetLanguage loads a language.
func GetLanguage(ctx context.Context, db *gorm.DB, id int64) (Language, error) {
	var l Language
	return l, Take(db.WithContext(ctx).Where("id = ?", id), &l, "language", id)
}

// CreateLanguage inserts l; a name taken ignoring case (by the unique index, so also by a concurrent
// insert) gives ErrDuplicate.
func CreateLanguage(ctx context.Context, db *gorm.DB, l *Language, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		l.Version = 1
		if err := tx.Create(l).Error; err != nil {
			return constraintError(tx, err, ErrInvalidChoice, "create language")
		}
		return logAction(tx, ch, ActionAddition, ContentLanguage, strconv.FormatInt(l.ID, 10), l.Name)
	})
}

// UpdateLanguage renames l if l.Version is still the stored one (ErrStale otherwise); a name taken
// ignoring case gives ErrDuplicate.
func UpdateLanguage(ctx context.Context, db *gorm.DB, l Language, ch Change) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := updateVersioned(tx, "catalog_language", l.ID, l.Version, map[string]any{"name": l.Name}); err != nil {
			return err
		}
		return logAction(tx, ch, ActionChange, ContentLanguage, strconv.FormatInt(l.ID, 10), l.Name)
	})
}

// DeleteLanguage deletes a language no book uses and returns it; one in use, even by a book added a
// moment ago, gives ErrProtected.
func DeleteLanguage(ctx context.Context, db *gorm.DB, id int64, ch Change) (Language, error) {
	var l Language
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := Take(tx.Where("id = ?", id), &l, "language", id); err != nil {
			return err
		}
		if err := deleteRow(tx, "catalog_language", id); err != nil {
			return err
		}
		return logAction(tx, ch, ActionDeletion, ContentLanguage, strconv.FormatInt(id, 10), l.Name)
	})
	return l, err
}

// LanguageChangeList reads a page of the languages f selects, ordered by keys over NameColumns,
// with their numbers of books: three statements whatever the page size.
func LanguageChangeList(ctx context.Context, db *gorm.DB, f NameFilter, keys []SortKey, p ListParams) ([]Counted[Language], Page, error) {
	db = db.WithContext(ctx)
	langs, page, err := readChangeList[Language](f.changeList(db, &Language{}, "catalog_language", counterLanguages), keys, p,
		"admin language list")
	if err != nil {
		return nil, page, err
	}
	rows, err := withCounts(db, langs, func(l Language) int64 { return l.ID }, "catalog_book", "language_id")
	return rows, page, err
}
