package models

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// UploadTTL is how long an uploaded file waits for its import to be confirmed.
const UploadTTL = time.Hour

// Upload is a file uploaded through the admin, kept between its preview and its commit in the
// database, so that the request confirming it may reach any instance of the site.
type Upload struct {
	ID        uuid.UUID `gorm:"type:uuid;primaryKey"`
	UserID    int64
	Kind      string
	Filename  string
	Data      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TableName names the uploads table.
func (Upload) TableName() string { return "admin_upload" }

// SaveUpload stores u under a new id, expiring after UploadTTL, and deletes the uploads that
// have expired.
func SaveUpload(ctx context.Context, db *gorm.DB, u *Upload, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("expires_at < ?", now.UTC()).Delete(&Upload{}).Error; err != nil {
			return fmt.Errorf("purge uploads: %w", err)
		}
		u.ID, u.CreatedAt, u.ExpiresAt = uuid.New(), now.UTC(), now.Add(UploadTTL).UTC()
		if err := tx.Create(u).Error; err != nil {
			return fmt.Errorf("save upload: %w", err)
		}
		return nil
	})
}

// GetUpload loads the upload id of kind if userID owns it and it has not expired; otherwise
// ErrNotFound.
func GetUpload(ctx context.Context, db *gorm.DB, id uuid.UUID, userID int64, kind string, now time.Time) (Upload, error) {
	var u Upload
	q := db.WithContext(ctx).Where("id = ? AND user_id = ? AND kind = ? AND expires_at >= ?", id, userID, kind, now.UTC())
	return u, Take(q, &u, "upload", id)
}

// DeleteUpload deletes the upload id (done with it, or abandoned).
func DeleteUpload(ctx context.Context, db *gorm.DB, id uuid.UUID) error {
	if err := db.WithContext(ctx).Where("id = ?", id).Delete(&Upload{}).Error; err != nil {
		return fmt.Errorf("delete upload %s: %w", id, err)
	}
	return nil
}
