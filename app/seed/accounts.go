package seed

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"locallibrary/app/auth"
	"locallibrary/app/database"
	"locallibrary/models"
)

// demoAccounts are the sample librarian and member.
var demoAccounts = []struct {
	username, first, last, email string
	staff                        bool
	groups                       []string
}{
	{"librarian", "Libby", "Rarian", "librarian@example.com", true, []string{"Librarians"}},
	{"member", "Mem", "Ber", "member@example.com", false, nil},
}

// Accounts creates the demo librarian and member with fresh random passwords and prints them;
// accounts that exist already are left alone. The sample copies on loan are lent to the member.
func Accounts(ctx context.Context, db *database.DB, out io.Writer) error {
	for _, a := range demoAccounts {
		_, err := models.GetUserByUsername(ctx, db.Gorm, a.username)
		if err == nil {
			fmt.Fprintf(out, "Demo account %q already exists (password unchanged).\n", a.username)
			continue
		}
		if !errors.Is(err, models.ErrNotFound) {
			return err
		}
		password := randomPassword()
		hash, err := auth.HashPassword(password)
		if err != nil {
			return err
		}
		u := models.User{Username: a.username, FirstName: a.first, LastName: a.last, Email: a.email,
			IsActive: true, IsStaff: a.staff, Password: hash}
		if err := models.CreateUser(ctx, db.Gorm, &u, a.groups...); err != nil {
			return fmt.Errorf("seed %s: %w", a.username, err)
		}
		fmt.Fprintf(out, "Demo account created: username %q, password %q\n", a.username, password)
	}
	member, err := models.GetUserByUsername(ctx, db.Gorm, "member")
	if err != nil {
		return err
	}
	var ids []any
	for i, c := range sampleCopies {
		if c.status == models.StatusOnLoan {
			ids = append(ids, sampleCopyID(i))
		}
	}
	librarian, err := models.GetUserByUsername(ctx, db.Gorm, "librarian")
	if err != nil {
		return err
	}
	return db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var copies []models.BookInstance
		err := tx.Where("id IN ? AND status = ? AND borrower_id IS NULL", ids, models.StatusOnLoan).Find(&copies).Error
		if err != nil {
			return fmt.Errorf("seed loans: %w", err)
		}
		for _, bi := range copies {
			if err := tx.Model(&bi).Update("borrower_id", member.ID).Error; err != nil {
				return fmt.Errorf("seed loans: %w", err)
			}
			loan := models.Loan{BookInstanceID: bi.ID, BorrowerID: &member.ID, LibrarianID: &librarian.ID,
				LentAt: bi.DueBack.AddDays(-21).Time, DueBack: *bi.DueBack}
			if err := tx.Omit(clause.Associations).Create(&loan).Error; err != nil {
				return fmt.Errorf("seed loans: %w", err)
			}
		}
		return nil
	})
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
