package models

import (
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// The batched reads of catalog exports: the rows after a key, by primary key (keyset
// pagination, so that each batch costs the same however far into the table it is), each batch in
// a fixed number of queries whatever its size.

// BookBatch reads up to limit of q's books with ids above afterID, by id, with their authors,
// languages and genres (by name). q selects from catalog_book and may only add conditions.
func BookBatch(q *gorm.DB, afterID int64, limit int) ([]Book, error) {
	var books []Book
	err := q.Preload("Author").Preload("Language").
		Preload("Genres", func(tx *gorm.DB) *gorm.DB { return tx.Order(nameOrder) }).
		Where("catalog_book.id > ?", afterID).Order("catalog_book.id").Limit(limit).Find(&books).Error
	if err != nil {
		return nil, fmt.Errorf("books after %d: %w", afterID, err)
	}
	return books, nil
}

// Namesakes returns the ids of those of authors who share their name, ignoring case, with
// another author: one query.
func Namesakes(db *gorm.DB, authors []Author) (map[int64]bool, error) {
	if len(authors) == 0 {
		return nil, nil
	}
	last := make([]string, 0, len(authors))
	for _, a := range authors {
		last = append(last, NameKey(a.LastName))
	}
	var shared []struct{ Last, First string }
	err := db.Model(&Author{}).Select("casefold(last_name) AS last, casefold(first_name) AS first").
		Where("casefold(last_name) IN ?", last).Group("casefold(last_name), casefold(first_name)").Having("count(*) > 1").
		Find(&shared).Error
	if err != nil {
		return nil, fmt.Errorf("namesakes: %w", err)
	}
	names := make(map[string]bool, len(shared))
	for _, s := range shared {
		names[AuthorKey(s.Last, s.First)] = true
	}
	ids := make(map[int64]bool)
	for _, a := range authors {
		if names[AuthorKey(a.LastName, a.FirstName)] {
			ids[a.ID] = true
		}
	}
	return ids, nil
}

// CopyBatch reads up to limit of q's copies with ids above afterID, by id, with their books and
// borrowers. q selects from catalog_bookinstance and may only add conditions.
func CopyBatch(q *gorm.DB, afterID uuid.UUID, limit int) ([]BookInstance, error) {
	var copies []BookInstance
	err := q.Preload("Book").Preload("Borrower").
		Where("catalog_bookinstance.id > ?", afterID).Order("catalog_bookinstance.id").Limit(limit).Find(&copies).Error
	if err != nil {
		return nil, fmt.Errorf("copies after %s: %w", afterID, err)
	}
	return copies, nil
}
