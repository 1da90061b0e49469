package csvio_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"locallibrary/app/apptest"
	"locallibrary/app/csvio"
)

// benchRows is the size of the benchmarks' files: the catalog the import must take in under a
// minute on PostgreSQL.
const benchRows = 100_000

// catalogFile is a books file of n rows as a library would have: 10,000 authors, 40 genres,
// three languages, titles and summaries with commas, quotes, accents and line breaks.
func catalogFile(n int) string {
	var b strings.Builder
	b.WriteString("title,author,summary,isbn,language,genres\n")
	langs := []string{"English", "Français", "Español"}
	for i := range n {
		fmt.Fprintf(&b, "\"Volume %d, \"\"the sequel\"\" — Ünïcode\",\"Writer%d, Ann\",\"A summary of book %d, which goes on.\nA second line.\",%s,%s,Genre %d; Genre %d\n",
			i, i%10_000, i, isbn(), langs[i%3], i%40, (i+7)%40)
	}
	return b.String()
}

// BenchmarkImportBooks imports 100,000 books (creating their authors, genres and languages)
// into an empty database; run with -benchtime 1x.
func BenchmarkImportBooks(b *testing.B) {
	file := catalogFile(benchRows)
	for _, dialect := range apptest.Dialects(b) {
		b.Run(dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := newDB(b, dialect)
				b.StartTimer()
				rep, err := csvio.Import(context.Background(), db, strings.NewReader(file), csvio.Books, csvio.Options{})
				if err != nil || rep.Created != benchRows {
					b.Fatalf("%+v, %v", rep.Errors, err)
				}
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkReimportBooks imports the same 100,000 books again: every row is looked up and
// found unchanged.
func BenchmarkReimportBooks(b *testing.B) {
	file := catalogFile(benchRows)
	for _, dialect := range apptest.Dialects(b) {
		b.Run(dialect, func(b *testing.B) {
			db := newDB(b, dialect)
			if _, err := csvio.Import(context.Background(), db, strings.NewReader(file), csvio.Books, csvio.Options{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				rep, err := csvio.Import(context.Background(), db, strings.NewReader(file), csvio.Books, csvio.Options{})
				if err != nil || rep.Unchanged != benchRows {
					b.Fatalf("%+v, %v", rep.Errors, err)
				}
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkExportBooks exports 100,000 books with their authors, languages and genres.
func BenchmarkExportBooks(b *testing.B) {
	file := catalogFile(benchRows)
	for _, dialect := range apptest.Dialects(b) {
		b.Run(dialect, func(b *testing.B) {
			db := newDB(b, dialect)
			if _, err := csvio.Import(context.Background(), db, strings.NewReader(file), csvio.Books, csvio.Options{}); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := csvio.ExportBooks(context.Background(), db, io.Discard, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
