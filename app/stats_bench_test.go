package app_test

import (
	"context"
	"io"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"locallibrary/app/apptest"
	"locallibrary/app/seed"
	"locallibrary/models"
)

// benchHoldsSQL adds holds: one waiting on each of the first 10,000 books, placed over the last
// month, and 100,000 fulfilled over two years, ready after one to ten days.
var benchHoldsSQL = []string{
	`INSERT INTO catalog_hold (book_id, member_id, status, placed_at)
		SELECT id, ?, 'w', now() - (id % 30) * interval '1 day' FROM catalog_book ORDER BY id LIMIT 10000`,
	`INSERT INTO catalog_hold (book_id, member_id, status, placed_at, ready_at, closed_at)
		SELECT (SELECT min(id) FROM catalog_book) + i % (SELECT count(*) FROM catalog_book), ?, 'f', t.placed,
			t.placed + (1 + i % 10) * interval '1 day', t.placed + (2 + i % 10) * interval '1 day'
		FROM generate_series(0, 99999) i CROSS JOIN LATERAL (SELECT now() - (i * 0.0073 + 12) * interval '1 day' AS placed) t`,
}

// BenchmarkStats reads the statistics page's figures on PostgreSQL over a large circulation
// history: LOCALLIBRARY_BENCH_STATS_BOOKS synthetic books (default 20,000, three copies each),
// LOCALLIBRARY_BENCH_STATS_LOANS returned loans (default 1,000,000) and an open loan per copy on
// loan (a quarter of them overdue), 10,000 holds waiting and 100,000 fulfilled. It logs the plan
// of each statement and fails if one reads a whole table; then it times models.ReadStats and the
// page through the wired app.
func BenchmarkStats(b *testing.B) {
	if !slices.Contains(apptest.Dialects(b), apptest.Postgres) {
		b.Skip("the statistics benchmark runs on PostgreSQL: set TEST_DATABASE_URL")
	}
	ctx := context.Background()
	cfg := apptest.Config(b, apptest.Postgres)
	a := apptest.NewApp(b, cfg)
	db := a.DB.Gorm
	// The seed runs without the requests' statement timeout, as the seed command does.
	cfg.RequestTimeout = 0
	load := apptest.OpenDB(b, cfg)
	books, loans := benchEnv(b, "LOCALLIBRARY_BENCH_STATS_BOOKS", 20_000), benchEnv(b, "LOCALLIBRARY_BENCH_STATS_LOANS", 1_000_000)
	start := time.Now()
	if err := seed.Synthetic(ctx, load, books, io.Discard); err != nil {
		b.Fatal(err)
	}
	if err := seed.SyntheticLoans(ctx, load, loans, time.Now(), io.Discard); err != nil {
		b.Fatal(err)
	}
	member := apptest.User(b, db, "member", goodPassword)
	for _, q := range benchHoldsSQL {
		if err := load.Gorm.Exec(q, member.ID).Error; err != nil {
			b.Fatal(err)
		}
	}
	if err := load.Gorm.Exec("VACUUM ANALYZE").Error; err != nil {
		b.Fatal(err)
	}
	var nLoans, nCopies int64
	db.Raw("SELECT count(*) FROM catalog_loan").Scan(&nLoans)
	db.Raw("SELECT count(*) FROM catalog_bookinstance").Scan(&nCopies)
	b.Logf("%d copies, %d loans, seeded in %s", nCopies, nLoans, time.Since(start).Round(time.Second))

	rec := apptest.RecordStatements(b, db)
	rec.Start()
	s, err := models.ReadStats(ctx, db, time.Now())
	stmts := rec.Stop()
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("overdue %d, waiting %d (%s), ready %d (%s), top book %d loans", s.Overdue, s.Waiting.Holds, s.Waiting.Days(),
		s.Ready.Holds, s.Ready.Days(), s.TopBooks[0].Value)
	for _, st := range stmts {
		plan := apptest.Explain(b, a.DB, st, false)
		b.Logf("%s\n%s", st.SQL, plan)
		if m := statsScan.FindString(plan); m != "" {
			b.Errorf("%q reads a whole table", m)
		}
	}
	b.Run("ReadStats", func(b *testing.B) {
		for b.Loop() {
			if _, err := models.ReadStats(ctx, db, time.Now()); err != nil {
				b.Fatal(err)
			}
		}
	})
	apptest.Librarian(b, db, "libby", goodPassword)
	c := apptest.NewClient(b, a)
	c.Login("libby", goodPassword)
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if r := c.Get("/catalog/stats/"); r.Status != 200 {
				b.Fatalf("GET /catalog/stats/: %d", r.Status)
			}
		}
	})
}

// benchEnv reads a positive count from the environment, or returns def.
func benchEnv(b *testing.B, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		b.Fatalf("%s=%q: want a positive count", name, v)
	}
	return n
}
