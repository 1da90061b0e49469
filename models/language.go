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

// TableName keeps Django's table name.
func (Language) TableName() string { return "catalog_language" }

// String returns the language's name.
func (l Language) String() string { return l.Name }

// ListLanguages reads a page of languages, ordered by name.
func ListLanguages(ctx context.Context, db *gorm.DB, p ListParams) ([]Language, Page, error) {
	return listPage[Language](db.WithContext(ctx).Model(&Language{}), p, nameOrder, "language list")
}

// GetLanguage loads a language.
func GetLanguage(ctx context.Context, db *gorm.DB, id int64) (Language, error) {
	var l Language
	return l, Take(db.WithContext(ctx).Where("id = ?", id), &l, "language", id)
}
