package csvio_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"locallibrary/app/apptest"
	"locallibrary/app/csvio"
	"locallibrary/models"
)

// newDB is a fresh, migrated database of dialect.
func newDB(t testing.TB, dialect string) *gorm.DB {
	t.Helper()
	return apptest.NewApp(t, apptest.Config(t, dialect)).DB.Gorm
}

// load imports body as kind.
func load(t testing.TB, db *gorm.DB, kind csvio.Kind, body string, opts csvio.Options) (csvio.Report, error) {
	t.Helper()
	return csvio.Import(context.Background(), db, strings.NewReader(body), kind, opts)
}

// errLines lists a report's errors as the command line prints them.
func errLines(rep csvio.Report) []string {
	out := make([]string, len(rep.Errors))
	for i, e := range rep.Errors {
		out[i] = e.Error()
	}
	return out
}

// counts reads the number of rows of the catalog's tables and of the change log.
func counts(t testing.TB, db *gorm.DB) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, table := range []string{"catalog_author", "catalog_genre", "catalog_language", "catalog_book", "catalog_book_genre",
		"catalog_bookinstance", "catalog_loan", "django_admin_log"} {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// export writes kind's CSV of db.
func export(t testing.TB, db *gorm.DB, kind csvio.Kind, scope func(*gorm.DB) *gorm.DB) string {
	t.Helper()
	var buf bytes.Buffer
	fn := csvio.ExportBooks
	if kind == csvio.Copies {
		fn = csvio.ExportCopies
	}
	if err := fn(context.Background(), db, &buf, scope); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

var isbnSeq atomic.Int64

// isbn returns a fresh valid ISBN-13.
func isbn() string {
	digits := fmt.Sprintf("979%09d", 100000000+isbnSeq.Add(1))
	return digits + string(models.ISBN13CheckDigit(digits))
}

// booksFile is a books file of n valid rows, their authors, genres and languages drawn from
// small sets.
func booksFile(n int) string {
	var b strings.Builder
	b.WriteString("title,author,summary,isbn,language,genres\n")
	for i := range n {
		fmt.Fprintf(&b, "Book %d,\"Writer%d, Ann\",Summary %d.,%s,Language %d,Genre %d; Genre %d\n", i, i%50, i, isbn(), i%3, i%7, (i+1)%7)
	}
	return b.String()
}

// user creates an active member without the cost of a password hash.
func user(t testing.TB, db *gorm.DB, username string, active bool) models.User {
	t.Helper()
	u := models.User{Username: username, Password: "!", IsActive: true}
	if err := models.CreateUser(context.Background(), db, &u); err != nil {
		t.Fatal(err)
	}
	if !active {
		if err := db.Model(&u).Update("is_active", false).Error; err != nil {
			t.Fatal(err)
		}
	}
	return u
}
