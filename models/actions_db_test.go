package models_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

func TestSetCopiesStatus(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
		book := apptest.Book(t, db, "Earthsea", apptest.Author(t, db, "Ursula", "Le Guin"), nil)
		fixing := apptest.Copy(t, db, book, models.StatusMaintenance, nil)
		reserved := apptest.Copy(t, db, book, models.StatusReserved, nil)
		lent := apptest.Copy(t, db, book, models.StatusOnLoan, apptest.Date(7))
		ready := apptest.Copy(t, db, book, models.StatusAvailable, nil)
		changed, err := models.SetCopiesStatus(ctx, db, []uuid.UUID{fixing.ID, reserved.ID, lent.ID, ready.ID}, models.StatusAvailable,
			models.Change{UserID: libby.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(changed) != 2 {
			t.Fatalf("changed %d copies, want the two not on loan nor available already", len(changed))
		}
		want := map[uuid.UUID]string{fixing.ID: models.StatusAvailable, reserved.ID: models.StatusAvailable,
			lent.ID: models.StatusOnLoan, ready.ID: models.StatusAvailable}
		for id, status := range want {
			var bi models.BookInstance
			db.Take(&bi, "id = ?", id)
			if bi.Status != status {
				t.Errorf("copy %s: status %q, want %q", id, bi.Status, status)
			}
		}
		var logged int64
		db.Model(&models.LogEntry{}).Where("content_type = ? AND change_message LIKE ?", models.ContentBookInstance, "%Status%").Count(&logged)
		if logged != 2 {
			t.Errorf("%d log entries, want 2", logged)
		}
	})
}

func TestSaveBookEditIsAtomic(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
		book := apptest.Book(t, db, "Earthsea", apptest.Author(t, db, "Ursula", "Le Guin"), nil)
		kept := apptest.Copy(t, db, book, models.StatusMaintenance, nil)
		lent := apptest.Copy(t, db, book, models.StatusOnLoan, apptest.Date(7))
		fresh := models.BookInstance{BookID: book.ID, Imprint: "New", Status: models.StatusAvailable}
		changedKept := kept
		changedKept.Imprint, changedKept.Version = "Changed", 1
		err := models.SaveBookEdit(ctx, db, models.BookEdit{Copies: []models.CopyEdit{
			{Row: 0, Copy: changedKept, Fields: []string{"Imprint"}},
			{Row: 1, Copy: fresh},
			{Row: 2, Copy: lent, Delete: true},
		}}, libby.ID)
		var rowErr *models.RowError
		if !errors.As(err, &rowErr) || rowErr.Row != 2 || !errors.Is(err, models.ErrProtected) {
			t.Fatalf("got %v, want row 2 protected", err)
		}
		var n int64
		db.Model(&models.BookInstance{}).Where("book_id = ?", book.ID).Count(&n)
		var stored models.BookInstance
		db.Take(&stored, "id = ?", kept.ID)
		if n != 2 || stored.Imprint != kept.Imprint {
			t.Errorf("%d copies, imprint %q: the rows before the failure were saved", n, stored.Imprint)
		}
		db.Model(&models.LogEntry{}).Count(&n)
		if n != 0 {
			t.Errorf("%d log entries written", n)
		}
	})
}
