package seed

import (
	"context"
	"fmt"
	"io"
	"time"

	"locallibrary/app/database"
)

// syntheticLoansSQL adds, per dialect, the returned loans: loan i of n (its copy the i-th modulo
// the copies, but every tenth one of the first hundred copies, so that some books are borrowed
// more than others) lent from two years ago up to three weeks ago, lent for three weeks and
// returned after two. Arguments: n, the number of copies, now.
var syntheticLoansSQL = map[bool]string{
	true: `WITH c AS (SELECT id, book_id, row_number() OVER (ORDER BY id) - 1 AS k FROM catalog_bookinstance)
		INSERT INTO catalog_loan (bookinstance_id, book_id, lent_at, due_back, returned_at)
		SELECT c.id, c.book_id, t.lent, CAST(t.lent + interval '21 days' AS date), t.lent + interval '14 days'
		FROM generate_series(0, $1 - 1) i
		CROSS JOIN LATERAL (SELECT CAST($3 AS timestamptz) - ((i * 730.0 / $1) + 22) * interval '1 day' AS lent,
			CASE WHEN i % 10 = 0 THEN i % least($2, 100) ELSE i % $2 END AS k) t
		JOIN c ON c.k = t.k`,
	false: `WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < ?1 - 1),
		c AS (SELECT id, book_id, row_number() OVER (ORDER BY id) - 1 AS k FROM catalog_bookinstance),
		t AS (SELECT julianday(?3) - ((i * 730.0 / ?1) + 22) AS lent,
			CASE WHEN i % 10 = 0 THEN i % min(?2, 100) ELSE i % ?2 END AS k FROM s)
		INSERT INTO catalog_loan (bookinstance_id, book_id, lent_at, due_back, returned_at)
		SELECT c.id, c.book_id, strftime('%Y-%m-%d %H:%M:%S+00:00', t.lent), date(t.lent + 21),
			strftime('%Y-%m-%d %H:%M:%S+00:00', t.lent + 14)
		FROM t JOIN c ON c.k = t.k`,
}

// openLoansSQL adds, per dialect, the open loan of every copy on loan that has none: lent three
// weeks before its due date, to its borrower if it names one.
var openLoansSQL = map[bool]string{
	true: `INSERT INTO catalog_loan (bookinstance_id, book_id, borrower_id, lent_at, due_back)
		SELECT bi.id, bi.book_id, bi.borrower_id, CAST(bi.due_back - 21 AS timestamp) AT TIME ZONE 'UTC' + interval '12 hours', bi.due_back
		FROM catalog_bookinstance bi
		WHERE bi.status = 'o' AND bi.due_back IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM catalog_loan l WHERE l.bookinstance_id = bi.id AND l.returned_at IS NULL)`,
	false: `INSERT INTO catalog_loan (bookinstance_id, book_id, borrower_id, lent_at, due_back)
		SELECT bi.id, bi.book_id, bi.borrower_id, date(bi.due_back, '-21 days') || ' 12:00:00+00:00', bi.due_back
		FROM catalog_bookinstance bi
		WHERE bi.status = 'o' AND bi.due_back IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM catalog_loan l WHERE l.bookinstance_id = bi.id AND l.returned_at IS NULL)`,
}

// SyntheticLoans adds a loan history for benchmarks: n returned loans of the catalog's copies
// over the last two years, and the open loan of every copy on loan that has none (those past
// their due date are overdue). Each is one INSERT ... SELECT; the triggers count them.
func SyntheticLoans(ctx context.Context, db *database.DB, n int, now time.Time, out io.Writer) error {
	start := time.Now()
	var copies int64
	if err := db.SQL.QueryRowContext(ctx, "SELECT count(*) FROM catalog_bookinstance").Scan(&copies); err != nil {
		return fmt.Errorf("seed --loans: %w", err)
	}
	if copies == 0 {
		return fmt.Errorf("seed --loans: there are no copies to lend")
	}
	var returned int64
	if n > 0 {
		res, err := db.SQL.ExecContext(ctx, syntheticLoansSQL[db.Postgres()], n, copies, now.UTC())
		if err != nil {
			return fmt.Errorf("seed --loans: returned loans: %w", err)
		}
		returned, _ = res.RowsAffected()
	}
	res, err := db.SQL.ExecContext(ctx, openLoansSQL[db.Postgres()])
	if err != nil {
		return fmt.Errorf("seed --loans: open loans: %w", err)
	}
	open, _ := res.RowsAffected()
	fmt.Fprintf(out, "Added %d returned loans and %d open ones in %s.\n", returned, open, time.Since(start).Round(time.Millisecond))
	return nil
}
