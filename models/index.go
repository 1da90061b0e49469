package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// IndexCounts are the figures on the home page.
type IndexCounts struct {
	NumBooks              int64
	NumInstances          int64
	NumInstancesAvailable int64
	NumAuthors            int64
	NumGenres             int64
}

// CountIndex reads the home page counts in one statement.
func CountIndex(ctx context.Context, db *gorm.DB) (IndexCounts, error) {
	var c IndexCounts
	err := db.WithContext(ctx).Raw(`SELECT
		(SELECT count(*) FROM catalog_book) AS num_books,
		(SELECT count(*) FROM catalog_bookinstance) AS num_instances,
		(SELECT count(*) FROM catalog_bookinstance WHERE status = ?) AS num_instances_available,
		(SELECT count(*) FROM catalog_author) AS num_authors,
		(SELECT count(*) FROM catalog_genre) AS num_genres`, StatusAvailable).Scan(&c).Error
	if err != nil {
		return c, fmt.Errorf("index counts: %w", err)
	}
	return c, nil
}
