package csvio_test

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/app/csvio"
	"locallibrary/app/seed"
	"locallibrary/models"
)

func TestExportBooks(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		john1, john2 := apptest.Author(t, db, "John", "Smith"), apptest.Author(t, db, "JOHN", "smith")
		obrien := apptest.Author(t, db, "Mary Ann", "O'Brien")
		english, french := apptest.Language(t, db, "English"), apptest.Language(t, db, "Français")
		sword, quoted := apptest.Genre(t, db, "Sword; Sorcery"), apptest.Genre(t, db, `"Quoted"`)
		a := apptest.Book(t, db, `Commas, "quotes" and =formulas`, john1, &english, quoted, sword)
		b := apptest.Book(t, db, "=HYPERLINK(\"http://example.com\")", john2, &french, sword)
		c := apptest.Book(t, db, "Line one\nline two <script>", obrien, nil)
		want := "title,author,summary,isbn,language,genres\n" +
			`"Commas, ""quotes"" and =formulas","Smith, John #` + strconv.FormatInt(john1.ID, 10) + `","Summary of Commas, ""quotes"" and =formulas",` +
			a.ISBN + `,English,"""""""Quoted""""""; ""Sword; Sorcery"""` + "\n" +
			`"'=HYPERLINK(""http://example.com"")","smith, JOHN #` + strconv.FormatInt(john2.ID, 10) + `","Summary of =HYPERLINK(""http://example.com"")",` +
			b.ISBN + `,Français,"""Sword; Sorcery"""` + "\n" +
			"\"Line one\nline two <script>\",\"O'Brien, Mary Ann\",\"Summary of Line one\nline two <script>\"," + c.ISBN + ",,\n"
		if got := export(t, db, csvio.Books, nil); got != want {
			t.Errorf("export\n%s\nwant\n%s", got, want)
		}
		french1 := export(t, db, csvio.Books, func(q *gorm.DB) *gorm.DB { return q.Where("catalog_book.language_id = ?", french.ID) })
		if lines := strings.Split(strings.TrimSpace(french1), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "Français") {
			t.Errorf("export of the books in French:\n%s", french1)
		}
	})
}

func TestExportCopies(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		db := newDB(t, dialect)
		member := user(t, db, "member", true)
		dune := apptest.Book(t, db, "Dune", apptest.Author(t, db, "Frank", "Herbert"), nil)
		due := apptest.Date(10)
		lent := apptest.Copy(t, db, dune, models.StatusOnLoan, due)
		if err := db.Model(&lent).Update("borrower_id", member.ID).Error; err != nil {
			t.Fatal(err)
		}
		shelf := apptest.Copy(t, db, dune, models.StatusReserved, nil)
		lines := map[string]bool{
			lent.ID.String() + "," + dune.ISBN + ",Imprint of Dune,On loan," + due.String() + ",member": true,
			shelf.ID.String() + "," + dune.ISBN + ",Imprint of Dune,Reserved,,":                         true,
		}
		got := strings.Split(strings.TrimSpace(export(t, db, csvio.Copies, nil)), "\n")
		if len(got) != 3 || got[0] != "id,isbn,imprint,status,due_back,borrower" || !lines[got[1]] || !lines[got[2]] || got[1] > got[2] {
			t.Errorf("export\n%s", strings.Join(got, "\n"))
		}
	})
}

func TestExportReadsBatchesByKey(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		if err := seed.Synthetic(context.Background(), a.DB, 2345, io.Discard); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			kind       csvio.Kind
			rows, keys int
		}{{csvio.Books, 2345, 3}, {csvio.Copies, 3 * 2345, 0}} {
			t.Run(tt.kind.String(), func(t *testing.T) {
				r := csv.NewReader(strings.NewReader(export(t, a.DB.Gorm, tt.kind, nil)))
				records, err := r.ReadAll()
				if err != nil || len(records) != tt.rows+1 {
					t.Fatalf("%d records, %v", len(records), err)
				}
				seen := map[string]bool{}
				for _, rec := range records[1:] {
					key := rec[0]
					if tt.kind == csvio.Books {
						key = rec[tt.keys]
					}
					if seen[key] {
						t.Fatalf("%q twice", key)
					}
					seen[key] = true
				}
			})
		}
		// One batch costs the same statements whatever its size.
		var statements []int64
		count := apptest.CountStatements(t, a.DB.Gorm)
		for _, limit := range []int{10, 900} {
			count.Store(0)
			export(t, a.DB.Gorm, csvio.Books, func(q *gorm.DB) *gorm.DB {
				return q.Where("catalog_book.id IN (SELECT id FROM catalog_book ORDER BY id LIMIT ?)", limit)
			})
			statements = append(statements, count.Load())
		}
		if statements[0] != statements[1] {
			t.Errorf("exporting 10 books took %d statements, 900 books %d", statements[0], statements[1])
		}
	})
}

// hostileCatalog fills db with what a file must carry exactly: commas, quotes, line breaks,
// accents, markup and formulas in every text, genres with semicolons, copies in every status.
func hostileCatalog(t *testing.T, db *gorm.DB) {
	t.Helper()
	member := user(t, db, "member", true)
	authors := []models.Author{apptest.Author(t, db, "Gabriel", "García Márquez"), apptest.Author(t, db, "Mary Ann", "O'Brien"),
		apptest.Author(t, db, "太郎", "山田"), apptest.Author(t, db, "<b>Bold</b>", "=cmd|' /C calc'!A0")}
	langs := []models.Language{apptest.Language(t, db, "Español"), apptest.Language(t, db, "日本語"), apptest.Language(t, db, "-Klingon")}
	genres := []models.Genre{apptest.Genre(t, db, "Sword; Sorcery"), apptest.Genre(t, db, `"Quoted" genre`), apptest.Genre(t, db, "Épopée"),
		apptest.Genre(t, db, "@mentions")}
	titles := []string{`Commas, "quotes", and ; semicolons`, "Line one\nline two", "Cien años de soledad", "<script>alert(1)</script>",
		`=HYPERLINK("http://example.com","click")`, "'Leading apostrophe", "+33 1 23", "Tab\tinside", "  Trailing spaces trimmed by the form"}
	for i, title := range titles {
		lang := langs[i%len(langs)]
		b := apptest.Book(t, db, strings.TrimSpace(title), authors[i%len(authors)], &lang, genres[i%len(genres)], genres[(i+1)%len(genres)])
		if err := db.Model(&b).Update("summary", "Résumé, with \"quotes\",\nnew lines and <em>markup</em> of "+b.Title).Error; err != nil {
			t.Fatal(err)
		}
		for j, status := range []string{models.StatusAvailable, models.StatusMaintenance, models.StatusReserved, models.StatusOnLoan}[:1+i%4] {
			var due *models.Date
			if status == models.StatusOnLoan {
				due = apptest.Date(i + j)
			}
			c := apptest.Copy(t, db, b, status, due)
			imprint := "Editorial Sudamericana, \"1967\"\nBuenos Aires"
			update := map[string]any{"imprint": imprint}
			if status == models.StatusOnLoan {
				update["borrower_id"] = member.ID
			}
			if err := db.Model(&c).Updates(update).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestRoundTrip(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		source := newDB(t, dialect)
		hostileCatalog(t, source)
		books, copies := export(t, source, csvio.Books, nil), export(t, source, csvio.Copies, nil)

		target := newDB(t, dialect)
		user(t, target, "member", true)
		if rep, err := load(t, target, csvio.Books, books, csvio.Options{}); err != nil || rep.Created != 9 {
			t.Fatalf("books: %+v, %v\n%s", rep, err, strings.Join(errLines(rep), "\n"))
		}
		if rep, err := load(t, target, csvio.Copies, copies, csvio.Options{}); err != nil || rep.Created != 21 {
			t.Fatalf("copies: %+v, %v\n%s", rep, err, strings.Join(errLines(rep), "\n"))
		}
		if got := export(t, target, csvio.Books, nil); got != books {
			t.Errorf("books exported from the copy\n%s\ndiffer from the original's\n%s", got, books)
		}
		if got := export(t, target, csvio.Copies, nil); got != copies {
			t.Errorf("copies exported from the copy\n%s\ndiffer from the original's\n%s", got, copies)
		}
		src, dst := counts(t, source), counts(t, target)
		for _, table := range []string{"catalog_author", "catalog_genre", "catalog_language", "catalog_book", "catalog_book_genre", "catalog_bookinstance"} {
			if src[table] != dst[table] {
				t.Errorf("%s: %d rows in the original, %d in the copy", table, src[table], dst[table])
			}
		}
		for _, db := range []*gorm.DB{source, target} {
			before := counts(t, db)
			rb, err1 := load(t, db, csvio.Books, books, csvio.Options{})
			rc, err2 := load(t, db, csvio.Copies, copies, csvio.Options{})
			if err1 != nil || err2 != nil || rb.Unchanged != 9 || rc.Unchanged != 21 {
				t.Errorf("imported again: %+v %v, %+v %v", rb, err1, rc, err2)
			}
			if after := counts(t, db); !equalCounts(before, after) {
				t.Errorf("imported again, %v became %v", before, after)
			}
		}
	})
}

func TestCRLFSummariesAreUnchanged(t *testing.T) {
	db := newDB(t, apptest.SQLite)
	b := apptest.Book(t, db, "Dune", apptest.Author(t, db, "Frank", "Herbert"), nil, apptest.Genre(t, db, "SF"))
	lang := apptest.Language(t, db, "English")
	if err := db.Model(&b).Updates(map[string]any{"summary": "Typed in a\r\ntext area.", "language_id": lang.ID}).Error; err != nil {
		t.Fatal(err)
	}
	if rep, err := load(t, db, csvio.Books, export(t, db, csvio.Books, nil), csvio.Options{}); err != nil || rep.Unchanged != 1 {
		t.Errorf("%+v, %v", rep, err)
	}
}

// The sample catalog, exported, imports into a database that holds only the demo accounts and
// exports the same files again.
func TestSampleCatalogRoundTrip(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		ctx := context.Background()
		source := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, source)
		if err := seed.Accounts(ctx, source.DB, io.Discard); err != nil {
			t.Fatal(err)
		}
		books, copies := export(t, source.DB.Gorm, csvio.Books, nil), export(t, source.DB.Gorm, csvio.Copies, nil)

		target := apptest.NewApp(t, apptest.Config(t, dialect))
		for _, name := range []string{"librarian", "member"} {
			apptest.User(t, target.DB.Gorm, name, "a long enough password")
		}
		for _, f := range []struct {
			kind csvio.Kind
			body string
			want int
		}{{csvio.Books, books, 7}, {csvio.Copies, copies, 11}} {
			rep, err := load(t, target.DB.Gorm, f.kind, f.body, csvio.Options{})
			if err != nil || rep.Created != f.want {
				t.Fatalf("%s: %+v, %v\n%s", f.kind, rep, err, strings.Join(errLines(rep), "\n"))
			}
		}
		for kind, want := range map[csvio.Kind]string{csvio.Books: books, csvio.Copies: copies} {
			if got := export(t, target.DB.Gorm, kind, nil); got != want {
				t.Errorf("%s exported from the copy\n%s\ndiffer from the original's\n%s", kind, got, want)
			}
		}
	})
}
