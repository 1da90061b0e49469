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
	l := listing{keys: db.Model(&Language{}), order: languageOrder, rows: db.Model(&Language{}), rowID: "catalog_language.id",
		total: counted(db, 0, counterLanguages)}
	return listPage[Language](l, p, "language list")
}

// GetLanguage loads a language.
func GetLanguage(ctx context.Context, db *gorm.DB, id int64) (Language, error) {
	var l Language
	return l, Take(db.WithContext(ctx).Where("id = ?", id), &l, "language", id)
}
