package csvio_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"locallibrary/app/apptest"
	"locallibrary/app/csvio"
	"locallibrary/app/forms"
	"locallibrary/models"
)

func TestImportCopies(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		ctx := context.Background()
		libby := user(t, db, "libby", true)
		member := user(t, db, "member", true)
		author := apptest.Author(t, db, "Frank", "Herbert")
		dune := apptest.Book(t, db, "Dune", author, nil)
		shelf := apptest.Copy(t, db, dune, models.StatusAvailable, nil)
		given := uuid.New()
		due := models.Today().AddDays(14).String()
		file := "id,isbn,imprint,status,due_back,borrower\n" +
			strings.ToUpper(shelf.ID.String()) + "," + dune.ISBN + ",\"Ace, 1990\",On loan," + due + ",MEMBER\n" +
			"," + dune.ISBN + ",New imprint,available,,\n" +
			given.String() + "," + dune.ISBN + ",Given id,d,,\n" +
			"," + dune.ISBN + ",Lent when new,o," + due + ",member\n"
		rep, err := load(t, db, csvio.Copies, file, csvio.Options{UserID: &libby.ID})
		if want := (csvio.Report{Rows: 4, Created: 3, Updated: 1}); err != nil || !sameCounts(rep, want) {
			t.Fatalf("%+v, %v\n%s", rep, err, strings.Join(errLines(rep), "\n"))
		}
		lent, err := models.GetBookInstanceForEdit(ctx, db, shelf.ID)
		if err != nil || !lent.IsOnLoan() || lent.Borrower == nil || lent.Borrower.Username != "member" || lent.DueBack.String() != due ||
			lent.Imprint != "Ace, 1990" || lent.Version != 2 {
			t.Errorf("the copy put on loan: %+v, %v", lent, err)
		}
		loans, _ := models.CopyLoans(ctx, db, shelf.ID, 0)
		if len(loans) != 1 || loans[0].ReturnedAt != nil || *loans[0].BorrowerID != member.ID || *loans[0].LibrarianID != libby.ID {
			t.Errorf("loans of the copy put on loan: %+v", loans)
		}
		if bi, err := models.GetBookInstance(ctx, db, given); err != nil || bi.Imprint != "Given id" || !bi.IsMaintenance() {
			t.Errorf("the copy with its own id: %+v, %v", bi, err)
		}
		var fresh models.BookInstance
		if err := db.Where("imprint = ?", "Lent when new").Take(&fresh).Error; err != nil {
			t.Fatal(err)
		}
		loans, _ = models.CopyLoans(ctx, db, fresh.ID, 0)
		if len(loans) != 1 || loans[0].ReturnedAt != nil || *loans[0].BorrowerID != member.ID || *loans[0].LibrarianID != libby.ID ||
			loans[0].DueBack.String() != due || time.Since(loans[0].LentAt) > time.Minute {
			t.Errorf("loans of the copy created on loan: %+v", loans)
		}
		e, _ := models.LastChange(ctx, db, models.ContentBookInstance, shelf.ID.String())
		if e == nil || e.Message() != "Changed Imprint, Status, Due back and Borrower from a CSV file." {
			t.Errorf("the change was logged as %+v", e)
		}

		before := counts(t, db)
		if rep, err := load(t, db, csvio.Copies, file, csvio.Options{}); err != nil || rep.Unchanged != 2 || rep.Created != 2 {
			t.Errorf("again (the copies without an id are new again): %+v, %v", rep, err)
		}
		back := "id,isbn,imprint,status,due_back,borrower\n" + shelf.ID.String() + "," + dune.ISBN + ",\"Ace, 1990\",Available,,\n"
		if rep, err := load(t, db, csvio.Copies, back, csvio.Options{UserID: &libby.ID}); err != nil || rep.Updated != 1 {
			t.Errorf("returned: %+v, %v", rep, err)
		}
		loans, _ = models.CopyLoans(ctx, db, shelf.ID, 0)
		if len(loans) != 1 || loans[0].ReturnedAt == nil || *loans[0].ReturnedByID != libby.ID {
			t.Errorf("the loan of a copy made available: %+v", loans)
		}
		if after := counts(t, db); after["catalog_bookinstance"] != before["catalog_bookinstance"]+2 || after["catalog_loan"] != 3 {
			t.Errorf("counts %v after %v", after, before)
		}
	})
}

func TestImportCopyRowErrors(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		user(t, db, "member", true)
		user(t, db, "gone", false)
		dune := apptest.Book(t, db, "Dune", apptest.Author(t, db, "Frank", "Herbert"), nil)
		taken := uuid.New()
		good := taken.String() + "," + dune.ISBN + ",Ace,Available,,\n"
		due := models.Today().AddDays(7).String()
		row := func(values ...string) string { return strings.Join(values, ",") + "\n" }
		missing := isbn()
		tests := []struct {
			name, row string
			want      []string
		}{
			{"unknown book", row("", missing, "Ace", "a", "", ""), []string{"row 3: isbn: No book has the ISBN or number “" + missing + "”."}},
			{"not an ISBN", row("", "12", "Ace", "a", "", ""), []string{"row 3: isbn: " + forms.ISBNInvalid}},
			{"wrong check digit", row("", "9780306406158", "Ace", "a", "", ""), []string{"row 3: isbn: " + forms.ISBNCheckDigit}},
			{"not a UUID", row("copy-1", dune.ISBN, "Ace", "a", "", ""), []string{"row 3: id: " + csvio.InvalidUUID}},
			{"the nil UUID", row(uuid.Nil.String(), dune.ISBN, "Ace", "a", "", ""), []string{"row 3: id: " + csvio.InvalidUUID}},
			{"the same id twice", row(taken.String(), dune.ISBN, "Ace", "a", "", ""), []string{"row 3: id: This id is also on row 2: a file lists each copy once."}},
			{"no imprint", row("", dune.ISBN, "", "a", "", ""), []string{"row 3: imprint: " + forms.Required}},
			{"unknown status", row("", dune.ISBN, "Ace", "Lost", "", ""), []string{"row 3: status: Select a valid choice. Lost is not one of the available choices."}},
			{"on loan without borrower or date", row("", dune.ISBN, "Ace", "On loan", "", ""),
				[]string{"row 3: due_back: " + forms.LoanNeedsDueDate, "row 3: borrower: " + forms.LoanNeedsBorrower}},
			{"available with a borrower and date", row("", dune.ISBN, "Ace", "Available", due, "member"),
				[]string{"row 3: due_back: " + forms.DueBackNotOnLoan, "row 3: borrower: " + forms.BorrowerNotOnLoan}},
			{"not a date", row("", dune.ISBN, "Ace", "On loan", "2030-02-30", "member"), []string{"row 3: due_back: " + forms.InvalidDate}},
			{"inactive borrower", row("", dune.ISBN, "Ace", "o", due, "gone"), []string{"row 3: borrower: " + forms.UnknownBorrowerMsg}},
			{"unknown borrower", row("", dune.ISBN, "Ace", "o", due, "nobody"), []string{"row 3: borrower: " + forms.UnknownBorrowerMsg}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := counts(t, db)
				rep, err := load(t, db, csvio.Copies, "id,isbn,imprint,status,due_back,borrower\n"+good+tt.row, csvio.Options{})
				if !errors.Is(err, csvio.ErrInvalid) || !slices.Equal(errLines(rep), tt.want) {
					t.Errorf("%v with errors\n%s\nwant\n%s", err, strings.Join(errLines(rep), "\n"), strings.Join(tt.want, "\n"))
				}
				if after := counts(t, db); !equalCounts(before, after) {
					t.Errorf("a refused file changed %v into %v", before, after)
				}
			})
		}
	})
}
