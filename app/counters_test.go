package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

// requestStatements returns the sql counts of the request log lines for path, in order.
func requestStatements(t *testing.T, logs *apptest.LogBuffer, path string) []int64 {
	t.Helper()
	var counts []int64
	sc := bufio.NewScanner(strings.NewReader(logs.String()))
	for sc.Scan() {
		var line struct {
			Msg  string `json:"msg"`
			Path string `json:"path"`
			SQL  *int64 `json:"sql"`
		}
		if json.Unmarshal(sc.Bytes(), &line) != nil || line.Msg != "request" || line.Path != path {
			continue
		}
		if line.SQL == nil {
			t.Fatalf("request log line without sql: %s", sc.Text())
		}
		counts = append(counts, *line.SQL)
	}
	return counts
}

func TestHomePageStatements(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a, logs := apptest.NewAppWithLog(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		rec := apptest.RecordStatements(t, a.DB.Gorm)
		c := apptest.NewClient(t, a)
		apptest.Status(t, c.Get("/catalog/"), 200)
		rec.Start()
		for range 3 {
			apptest.Status(t, c.Get("/catalog/"), 200)
		}
		stmts := rec.Stop()

		// The first visit reads the counts and stores nothing (its cookie carries a pending id);
		// the second reads the counts and inserts the session. With the session kept: the
		// session read, the counts, the session write (the visit counter changed it).
		want := []int64{1, 2, 3, 3}
		if got := requestStatements(t, logs, "/catalog/"); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("statements per home page visit %v, want %v", got, want)
		}
		if len(stmts) != 3 {
			t.Fatalf("%d statements through the models for 3 visits, want 3: %v", len(stmts), stmts)
		}
		for _, s := range stmts {
			if !strings.Contains(s.SQL, "FROM catalog_counter WHERE") || strings.Contains(s.SQL, "catalog_book") {
				t.Errorf("the home page reads more than the counters: %s", s.SQL)
			}
		}
	})
}

func TestCountersStayExact(t *testing.T) {
	apptest.Each(t, func(t *testing.T, dialect string) {
		a := apptest.NewApp(t, apptest.Config(t, dialect))
		apptest.Seed(t, a)
		db, ctx := a.DB.Gorm, context.Background()
		libby := apptest.Librarian(t, db, "libby", goodPassword)
		member := apptest.User(t, db, "member", goodPassword)
		exec := func(t *testing.T, sql string, args ...any) {
			t.Helper()
			if err := db.Exec(sql, args...).Error; err != nil {
				t.Fatalf("%s: %v", sql, err)
			}
		}
		var (
			author          models.Author
			genre, other    models.Genre
			lang            models.Language
			book            models.Book
			lent, spare     models.BookInstance
			extraAuthorName = "Raw Writer"
		)
		steps := []struct {
			name string
			run  func(t *testing.T)
		}{
			{"sample catalog", func(t *testing.T) {}},
			{"create through the models", func(t *testing.T) {
				author = apptest.Author(t, db, "Ursula", "Le Guin")
				genre, other = apptest.Genre(t, db, "Earthsea"), apptest.Genre(t, db, "Hainish")
				lang = apptest.Language(t, db, "Kargish")
				book = apptest.Book(t, db, "A Wizard of Earthsea", author, &lang, genre)
				lent = apptest.Copy(t, db, book, models.StatusAvailable, nil)
				spare = apptest.Copy(t, db, book, models.StatusMaintenance, nil)
			}},
			{"check out", func(t *testing.T) {
				if err := models.CheckOut(ctx, db, lent.ID, member.ID, libby.ID, models.Today().AddDays(21), models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
					t.Fatal(err)
				}
			}},
			{"check in", func(t *testing.T) {
				if _, err := models.CheckIn(ctx, db, lent.ID, libby.ID, models.HoldRules{PickupDays: 7}, time.Now()); err != nil {
					t.Fatal(err)
				}
			}},
			{"change a copy's status", func(t *testing.T) {
				exec(t, "UPDATE catalog_bookinstance SET status = ? WHERE id = ?", models.StatusReserved, spare.ID)
			}},
			{"move a book to another author, language and genres", func(t *testing.T) {
				var bova models.Author
				if err := db.Where("last_name = ?", "Bova").Take(&bova).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Model(&book).Updates(map[string]any{"author_id": bova.ID, "language_id": nil}).Error; err != nil {
					t.Fatal(err)
				}
				if err := db.Model(&book).Association("Genres").Replace([]models.Genre{other}); err != nil {
					t.Fatal(err)
				}
			}},
			{"rename an author and retitle a book", func(t *testing.T) {
				exec(t, "UPDATE catalog_author SET first_name = ?, last_name = ? WHERE last_name = ?", "Benjamin", "Bova-Renamed", "Bova")
				exec(t, "UPDATE catalog_book SET title = ? WHERE id = ?", "The Tombs of Atuan", book.ID)
			}},
			{"insert rows in raw SQL, several a statement", func(t *testing.T) {
				exec(t, "INSERT INTO catalog_author (first_name, last_name) VALUES (?, ?)", "Ann", extraAuthorName)
				exec(t, `INSERT INTO catalog_book (title, author_id, summary, isbn, language_id)
					SELECT 'Raw ' || g.name, a.id, 'Raw summary', '97999' || g.id || '00000', ? FROM catalog_genre g, catalog_author a
					WHERE a.last_name = ?`, lang.ID, extraAuthorName)
				exec(t, `INSERT INTO catalog_book_genre (book_id, genre_id)
					SELECT b.id, g.id FROM catalog_book b, catalog_genre g WHERE b.title LIKE 'Raw %' AND g.name IN ('Fantasy', 'Earthsea')`)
				var ids []int64
				if err := db.Raw("SELECT id FROM catalog_book WHERE title LIKE 'Raw %'").Scan(&ids).Error; err != nil {
					t.Fatal(err)
				}
				values, args := []string{}, []any{}
				for _, id := range ids {
					values = append(values, "(?, ?, 'Raw Press', 'a')")
					args = append(args, uuid.New(), id)
				}
				exec(t, "INSERT INTO catalog_bookinstance (id, book_id, imprint, status) VALUES "+strings.Join(values, ", "), args...)
			}},
			{"insert rows with wrong derived columns", func(t *testing.T) {
				// A writer may supply the derived columns (a bulk load does); wrong ones are derived again.
				exec(t, `INSERT INTO catalog_book (title, author_id, summary, isbn, author_last_name, author_first_name, search_text)
					SELECT 'Supplied', id, 'Supplied summary', '9799999999999', 'Wrong', 'Names', 'wrong text' FROM catalog_author WHERE last_name = ?`, extraAuthorName)
				exec(t, `INSERT INTO catalog_book_genre (book_id, genre_id, book_title, book_author_last_name, book_author_first_name)
					SELECT b.id, g.id, 'Wrong title', 'Wrong', 'Names' FROM catalog_book b, catalog_genre g WHERE b.title = 'Supplied' AND g.name = 'Fantasy'`)
			}},
			{"update and delete rows in raw SQL, several a statement", func(t *testing.T) {
				exec(t, "UPDATE catalog_bookinstance SET status = 'd' WHERE imprint = 'Raw Press' AND book_id % 2 = 0")
				exec(t, "DELETE FROM catalog_bookinstance WHERE imprint = 'Raw Press' AND status = 'a'")
				exec(t, "DELETE FROM catalog_book_genre WHERE genre_id = (SELECT id FROM catalog_genre WHERE name = 'Earthsea')")
				exec(t, "UPDATE catalog_book SET language_id = NULL WHERE language_id = ?", lang.ID)
			}},
			{"delete through the models", func(t *testing.T) {
				if err := db.Where("book_id = ?", book.ID).Delete(&models.BookInstance{}).Error; err != nil {
					t.Fatal(err)
				}
				// The book's genre links go with it (ON DELETE CASCADE).
				if err := db.Delete(&book).Error; err != nil {
					t.Fatal(err)
				}
				for _, row := range []any{&author, &genre, &lang} {
					if err := db.Delete(row).Error; err != nil {
						t.Fatal(err)
					}
				}
			}},
			{"seed --books", func(t *testing.T) {
				if err := seed.Synthetic(ctx, a.DB, 250, io.Discard); err != nil {
					t.Fatal(err)
				}
			}},
		}
		if dialect == apptest.Postgres {
			steps = append(steps, struct {
				name string
				run  func(t *testing.T)
			}{"truncate the copies", func(t *testing.T) {
				exec(t, "TRUNCATE catalog_notice, catalog_hold, catalog_loan, catalog_bookinstance")
			}})
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				s.run(t)
				apptest.CountersExact(t, a.DB)
			})
		}
		t.Run("home page", func(t *testing.T) {
			var books, authors int64
			db.Model(&models.Book{}).Count(&books)
			db.Model(&models.Author{}).Count(&authors)
			apptest.Contains(t, apptest.NewClient(t, a).Get("/catalog/").Body,
				fmt.Sprintf(`<span id="num-books">%d</span>`, books), fmt.Sprintf(`<span id="num-authors">%d</span>`, authors))
		})
	})
}
