package models

import (
	"context"

	"gorm.io/gorm"
)

// Language is the language a book is written in; names are unique ignoring case.
type Language struct {
	ID   int64
	Name string
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
		Total: Counted(db, 0, counterLanguages)}
	return ListPage[Language](l, p, "language list")
}

// GetLanguage loads a language.
func GetLanguage(ctx context.Context, db *gorm.DB, id int64) (Language, error) {
	var l Language
	return l, Take(db.WithContext(ctx).Where("id = ?", id), &l, "language", id)
}
