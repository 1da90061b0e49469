package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"locallibrary/app/database"
)

func syntheticPostgres(ctx context.Context, db *database.DB, n int, l *load) error {
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The ids are handed out here, so nobody else may insert meanwhile.
		if _, err := tx.Exec(ctx, "LOCK TABLE catalog_author, catalog_genre, catalog_language, catalog_book IN EXCLUSIVE MODE"); err != nil {
			return err
		}
		s, err := newSyntheticRows(n, func(q string, dst *int64) error { return tx.QueryRow(ctx, q).Scan(dst) })
		if err != nil {
			return err
		}
		// The transition tables of the counting triggers hold a whole COPY: keep them in memory.
		if _, err := tx.Exec(ctx, "SET LOCAL work_mem = '256MB'"); err != nil {
			return err
		}
		rebuild, err := dropIndexesForBulkLoad(ctx, tx, int64(n), s.bookBase)
		if err != nil {
			return err
		}
		if err := copySynthetic(ctx, tx, s, l); err != nil {
			return err
		}
		err = l.stage("indexes", func() error {
			for _, def := range rebuild {
				if _, err := tx.Exec(ctx, def); err != nil {
					return fmt.Errorf("rebuild index: %w", err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, t := range []string{"catalog_author", "catalog_genre", "catalog_language", "catalog_book"} {
			if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT max(id) FROM "+t+"))", t); err != nil {
				return fmt.Errorf("advance %s ids: %w", t, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// As autovacuum would soon: fresh statistics, and a visibility map for index-only scans.
	return l.stage("vacuum", func() error {
		_, err := db.Pool.Exec(ctx, "VACUUM ANALYZE catalog_author, catalog_genre, catalog_language, catalog_book, catalog_book_genre, catalog_bookinstance, catalog_counter")
		return err
	})
}

// bulkTables are the tables a synthetic load fills.
var bulkTables = []string{"catalog_author", "catalog_book", "catalog_book_genre", "catalog_bookinstance"}

// dropIndexesForBulkLoad drops the secondary indexes of the tables a load of n books fills, when
// it at least doubles a catalog of existing books, and returns the statements that rebuild them:
// building an index once is far cheaper than growing it row by row in random order. Indexes
// behind constraints (primary keys, unique ISBN) stay. The tables stay locked until the rebuild.
func dropIndexesForBulkLoad(ctx context.Context, tx pgx.Tx, n, existing int64) ([]string, error) {
	if n < existing {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
		FROM pg_index i WHERE i.indrelid = ANY($1::regclass[])
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, bulkTables)
	if err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, err
		}
		names, defs = append(names, name), append(defs, def)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list indexes: %w", err)
	}
	for _, name := range names {
		if _, err := tx.Exec(ctx, "DROP INDEX "+name); err != nil {
			return nil, fmt.Errorf("drop index %s: %w", name, err)
		}
	}
	// Memory for the index builds; the setting ends with the transaction.
	if _, err := tx.Exec(ctx, "SET LOCAL maintenance_work_mem = '256MB'"); err != nil {
		return nil, err
	}
	return defs, nil
}

// copySynthetic streams the rows with COPY, generating each row as COPY asks for it, so memory
// stays flat whatever n is. Books go in before their genre links, which carry their sort keys.
func copySynthetic(ctx context.Context, tx pgx.Tx, s *syntheticRows, l *load) error {
	copyRows := func(table string, cols []string, count int, row func(int) []any) error {
		return l.stage(strings.TrimPrefix(table, "catalog_"), func() error {
			_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(count, func(i int) ([]any, error) { return row(i), nil }))
			if err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
			return nil
		})
	}
	if err := copyRows("catalog_author", []string{"id", "first_name", "last_name", "date_of_birth"}, s.authors(), s.author); err != nil {
		return err
	}
	if err := copyRows("catalog_genre", []string{"id", "name"}, syntheticGenre, s.genre); err != nil {
		return err
	}
	if err := copyRows("catalog_language", []string{"id", "name"}, syntheticLanguage, s.language); err != nil {
		return err
	}
	// The derived columns go in with the rows, which spares a trigger call per row; the
	// database checks them per statement.
	if err := copyRows("catalog_book", []string{"id", "title", "author_id", "summary", "isbn", "language_id",
		"author_last_name", "author_first_name", "search_text"}, s.n, func(i int) []any {
		l.row(i)
		b := s.book(i)
		return append(b, s.derived(b)...)
	}); err != nil {
		return err
	}
	if err := copyRows("catalog_book_genre", []string{"book_id", "genre_id", "book_title", "book_author_last_name",
		"book_author_first_name"}, s.n, func(i int) []any {
		l.row(i)
		b := s.book(i)
		d := s.derived(b)
		return append(s.bookGenre(i), b[1], d[0], d[1])
	}); err != nil {
		return err
	}
	return copyRows("catalog_bookinstance", []string{"id", "book_id", "imprint", "due_back", "status"}, s.n*copiesPerBook,
		func(k int) []any { l.row(k); return s.copyRow(k/copiesPerBook, k%copiesPerBook) })
}
