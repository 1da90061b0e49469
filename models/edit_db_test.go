package models_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/models"
)

func TestEditOutcomes(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
		ch := models.Change{UserID: libby.ID}
		author := apptest.Author(t, db, "Ursula", "Le Guin")
		epic := apptest.Genre(t, db, "Épopée")
		lang := apptest.Language(t, db, "English")
		book := apptest.Book(t, db, "Earthsea", author, &lang, epic)
		tests := []struct {
			name string
			do   func() error
			want error
		}{
			{"genre name taken ignoring case", func() error { return models.CreateGenre(ctx, db, &models.Genre{Name: "éPOPÉE"}, ch) }, models.ErrDuplicate},
			{"language renamed to a taken name", func() error {
				other := apptest.Language(t, db, "French")
				return models.UpdateLanguage(ctx, db, models.Language{ID: other.ID, Name: "ENGLISH", Version: 1}, ch)
			}, models.ErrDuplicate},
			{"ISBN taken", func() error {
				return models.CreateBook(ctx, db, &models.Book{Title: "Again", AuthorID: author.ID, Summary: "s", ISBN: book.ISBN}, nil, ch)
			}, models.ErrDuplicate},
			{"no such author", func() error {
				return models.CreateBook(ctx, db, &models.Book{Title: "Orphan", AuthorID: 999999, Summary: "s", ISBN: "9780306406157"}, nil, ch)
			}, models.ErrInvalidChoice},
			{"no such genre", func() error {
				return models.CreateBook(ctx, db, &models.Book{Title: "Orphan", AuthorID: author.ID, Summary: "s", ISBN: "9780306406157"}, []int64{999999}, ch)
			}, models.ErrInvalidChoice},
			{"genre in use", func() error { _, err := models.DeleteGenre(ctx, db, epic.ID, ch); return err }, models.ErrProtected},
			{"language in use", func() error { _, err := models.DeleteLanguage(ctx, db, lang.ID, ch); return err }, models.ErrProtected},
			{"author with books", func() error { _, err := models.DeleteAuthor(ctx, db, author.ID, ch); return err }, models.ErrProtected},
			{"stale version", func() error {
				return models.UpdateAuthor(ctx, db, models.Author{ID: author.ID, FirstName: "U", LastName: "L", Version: 7}, ch)
			}, models.ErrStale},
			{"missing row", func() error {
				return models.UpdateAuthor(ctx, db, models.Author{ID: 999999, FirstName: "U", LastName: "L", Version: 1}, ch)
			}, models.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if err := tt.do(); !errors.Is(err, tt.want) {
					t.Errorf("got %v, want %v", err, tt.want)
				}
			})
		}
		var books int64
		db.Model(&models.Book{}).Count(&books)
		if books != 1 {
			t.Errorf("%d books after the refused creates, want 1", books)
		}
	})
}

func TestChangeLog(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		db, ctx := a.DB.Gorm, context.Background()
		libby := apptest.Librarian(t, db, "libby", "quiet-lantern-47")
		ch := models.Change{UserID: libby.ID}
		g := models.Genre{Name: "Horror"}
		if err := models.CreateGenre(ctx, db, &g, ch); err != nil {
			t.Fatal(err)
		}
		if err := models.UpdateGenre(ctx, db, models.Genre{ID: g.ID, Name: "Gothic horror", Version: 1}, models.Change{UserID: libby.ID, Fields: []string{"Name"}}); err != nil {
			t.Fatal(err)
		}
		other := models.Genre{Name: "Satire"}
		if err := models.CreateGenre(ctx, db, &other, ch); err != nil {
			t.Fatal(err)
		}
		if _, err := models.DeleteGenre(ctx, db, g.ID, ch); err != nil {
			t.Fatal(err)
		}
		history, err := models.ObjectHistory(ctx, db, models.ContentGenre, strconv.FormatInt(g.ID, 10), 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range history {
			got = append(got, e.Username()+" "+e.ObjectRepr+": "+e.Message())
		}
		want := []string{"libby Gothic horror: Deleted.", "libby Gothic horror: Changed Name.", "libby Horror: Added."}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("history %q, want %q", got, want)
		}
		recent, err := models.ListChanges(ctx, db, []string{models.ContentGenre}, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(recent) != 2 || !recent[0].IsDeletion() || recent[1].ObjectRepr != "Satire" || recent[1].ContentType != models.ContentGenre {
			t.Errorf("recent changes %+v", recent)
		}
		last, err := models.LastChange(ctx, db, models.ContentGenre, strconv.FormatInt(other.ID, 10))
		if err != nil || last == nil || !last.IsAddition() || last.User == nil || last.User.Username != "libby" {
			t.Errorf("last change %+v, %v", last, err)
		}
		none, err := models.LastChange(ctx, db, models.ContentBook, "12345")
		if err != nil || none != nil {
			t.Errorf("last change of nothing: %+v, %v", none, err)
		}
	})
}
