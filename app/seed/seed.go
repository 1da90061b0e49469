// Package seed loads LocalLibrary's sample catalog (the tutorial's populate script) and large
// synthetic catalogs for benchmarks.
package seed

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"locallibrary/app/database"
	"locallibrary/models"
)

// namespace makes the sample copies' ids the same on every run, so the seed is idempotent.
var namespace = uuid.MustParse("6f1c3c1e-4f57-4d5c-9a59-1d1b8f0c7a10")

type sampleBook struct {
	title, summary, isbn string
	author               int
	genres               []int
}

type sampleCopy struct {
	book    int
	imprint string
	status  string
	dueDays int // due date relative to the seeding day, for copies on loan
}

var (
	sampleGenres  = []string{"Fantasy", "Science Fiction", "French Poetry"}
	sampleAuthors = []struct{ first, last, born, died string }{
		{"Patrick", "Rothfuss", "1973-06-06", ""},
		{"Ben", "Bova", "1932-11-08", ""},
		{"Isaac", "Asimov", "1920-01-02", "1992-04-06"},
		{"Bob", "Billings", "", ""},
		{"Jim", "Jones", "1971-12-16", ""},
	}
	sampleBooks = []sampleBook{
		{"The Name of the Wind (The Kingkiller Chronicle, #1)", "I have stolen princesses back from sleeping barrow kings. I burned down the town of Trebon. I have spent the night with Felurian and left with both my sanity and my life. I was expelled from the University at a younger age than most people are allowed in. I tread paths by moonlight that others fear to speak of during day. I have talked to Gods, loved women, and written songs that make the minstrels weep.", "9781473211896", 0, []int{0}},
		{"The Wise Man's Fear (The Kingkiller Chronicle, #2)", "Picking up the tale of Kvothe Kingkiller once again, we follow him into exile, into political intrigue, courtship, adventure, love and magic... and further along the path that has turned Kvothe, the mightiest magician of his age, a legend in his own time, into Kote, the unassuming pub landlord.", "9788401352836", 0, []int{0}},
		{"The Slow Regard of Silent Things (Kingkiller Chronicle)", "Deep below the University, there is a dark place. Few people know of it: a broken web of ancient passageways and abandoned rooms. A young woman lives there, tucked among the sprawling tunnels of the Underthing, snug in the heart of this forgotten place.", "9780756411336", 0, []int{0}},
		{"Apes and Angels", "Humankind headed out to the stars not for conquest, nor exploration, nor even for curiosity. Humans went to the stars in a desperate crusade to save intelligent life wherever they found it. A wave of death is spreading through the Milky Way galaxy, an expanding sphere of lethal gamma ...", "9780765379528", 1, []int{1}},
		{"Death Wave", "In Ben Bova's previous novel New Earth, Jordan Kell led the first human mission beyond the solar system. They discovered the ruins of an ancient alien civilization. But one alien AI survived, and it revealed to Jordan Kell that an explosion in the black hole at the heart of the Milky Way galaxy has created a wave of deadly radiation, expanding out from the core toward Earth. Unless the human race acts to save itself, all life on Earth will be wiped out...", "9780765379504", 1, []int{1}},
		{"Test Book 1", "Summary of test book 1", "9780000000019", 4, []int{0, 1}},
		{"Test Book 2", "Summary of test book 2", "9780000000026", 4, []int{2}},
	}
	sampleCopies = []sampleCopy{
		{0, "London Gollancz, 2014.", models.StatusAvailable, 0},
		{1, "Gollancz, 2011.", models.StatusOnLoan, 10},
		{2, "Gollancz, 2015.", models.StatusMaintenance, 0},
		{3, "New York Tom Doherty Associates, 2016.", models.StatusAvailable, 0},
		{3, "New York Tom Doherty Associates, 2016.", models.StatusAvailable, 0},
		{3, "New York Tom Doherty Associates, 2016.", models.StatusAvailable, 0},
		{4, "New York, NY Tom Doherty Associates, LLC, 2015.", models.StatusAvailable, 0},
		{4, "New York, NY Tom Doherty Associates, LLC, 2015.", models.StatusMaintenance, 0},
		{4, "New York, NY Tom Doherty Associates, LLC, 2015.", models.StatusOnLoan, -3},
		{0, "Imprint XXX2", models.StatusMaintenance, 0},
		{1, "Imprint XXX3", models.StatusMaintenance, 0},
	}
)

// Sample loads the sample catalog. Rows already present (matched by name, ISBN or the copy's
// fixed id) are left as they are, so running it again changes nothing.
func Sample(ctx context.Context, db *database.DB, out io.Writer) error {
	err := db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		english := models.Language{Name: "English"}
		if _, err := firstOrCreate(tx, &english, "casefold(name) = casefold(?)", english.Name); err != nil {
			return err
		}
		genres := make([]models.Genre, len(sampleGenres))
		for i, name := range sampleGenres {
			genres[i] = models.Genre{Name: name}
			if _, err := firstOrCreate(tx, &genres[i], "casefold(name) = casefold(?)", name); err != nil {
				return err
			}
		}
		authors := make([]models.Author, len(sampleAuthors))
		for i, a := range sampleAuthors {
			authors[i] = models.Author{FirstName: a.first, LastName: a.last, DateOfBirth: optDate(a.born), DateOfDeath: optDate(a.died)}
			if _, err := firstOrCreate(tx, &authors[i], "first_name = ? AND last_name = ?", a.first, a.last); err != nil {
				return err
			}
		}
		books := make([]models.Book, len(sampleBooks))
		for i, b := range sampleBooks {
			books[i] = models.Book{Title: b.title, Summary: b.summary, ISBN: b.isbn, AuthorID: authors[b.author].ID, LanguageID: &english.ID}
			created, err := firstOrCreate(tx, &books[i], "isbn = ?", b.isbn)
			if err != nil {
				return err
			}
			for _, g := range b.genres {
				if !created {
					break
				}
				if err := tx.Model(&books[i]).Association("Genres").Append(&genres[g]); err != nil {
					return fmt.Errorf("genres of %q: %w", b.title, err)
				}
			}
		}
		return seedCopies(tx, books)
	})
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	counts, err := models.CountIndex(ctx, db.Gorm)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "Sample catalog ready: %d books, %d copies (%d available), %d authors, %d genres.\n",
		counts.NumBooks, counts.NumInstances, counts.NumInstancesAvailable, counts.NumAuthors, counts.NumGenres)
	return nil
}

func seedCopies(tx *gorm.DB, books []models.Book) error {
	today := models.Today()
	for i, c := range sampleCopies {
		bi := models.BookInstance{
			ID:      sampleCopyID(i),
			BookID:  books[c.book].ID,
			Imprint: c.imprint,
			Status:  c.status,
		}
		if c.status == models.StatusOnLoan {
			due := today.AddDays(c.dueDays)
			bi.DueBack = &due
		}
		if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&bi).Error; err != nil {
			return fmt.Errorf("copy %d: %w", i+1, err)
		}
	}
	return nil
}

// sampleCopyID is the fixed id of the i-th sample copy.
func sampleCopyID(i int) uuid.UUID {
	return uuid.NewSHA1(namespace, fmt.Appendf(nil, "sample-copy-%d", i+1))
}

// firstOrCreate loads the row matching where into row, or inserts row as given. It reports
// whether it inserted.
func firstOrCreate[T any](tx *gorm.DB, row *T, where string, args ...any) (bool, error) {
	err := models.Take(tx.Where(where, args...), row, "look up", fmt.Sprintf("%T", row))
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, models.ErrNotFound) {
		return false, err
	}
	if err := tx.Omit(clause.Associations).Create(row).Error; err != nil {
		return false, fmt.Errorf("create %T: %w", row, err)
	}
	return true, nil
}

func optDate(s string) *models.Date {
	if s == "" {
		return nil
	}
	d := models.MustDate(s)
	return &d
}
