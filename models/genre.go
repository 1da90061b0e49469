package models

import (
	"context"

	"gorm.io/gorm"
)

// Genre is a category of books; names are unique ignoring case.
type Genre struct {
	ID   int64
	Name string
}

// TableName keeps Django's table name.
func (Genre) TableName() string { return "catalog_genre" }

// String returns the genre's name.
func (g Genre) String() string { return g.Name }

// ListGenres reads a page of genres, ordered by name.
func ListGenres(ctx context.Context, db *gorm.DB, p ListParams) ([]Genre, Page, error) {
	return listPage[Genre](db.WithContext(ctx).Model(&Genre{}), p, nameOrder, "genre list")
}

// GetGenre loads a genre.
func GetGenre(ctx context.Context, db *gorm.DB, id int64) (Genre, error) {
	var g Genre
	return g, Take(db.WithContext(ctx).Where("id = ?", id), &g, "genre", id)
}
