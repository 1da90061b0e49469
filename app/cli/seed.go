package cli

import (
	"context"
	"flag"
	"io"
	"time"

	"locallibrary/app/seed"
)

func seedCatalog(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	books := fs.Int("books", 0, "number of synthetic books to create")
	loans := fs.Int("loans", -1, "number of synthetic returned loans to create")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *books < 0 || *loans < -1 {
		return usageError("seed takes [--books N] [--loans N] with N ≥ 0")
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if *books > 0 || *loans >= 0 {
		if *books > 0 {
			if err := seed.Synthetic(ctx, db, *books, e.stderr); err != nil {
				return err
			}
		}
		if *loans >= 0 {
			return seed.SyntheticLoans(ctx, db, *loans, time.Now(), e.stderr)
		}
		return nil
	}
	if err := seed.Sample(ctx, db, e.stdout); err != nil {
		return err
	}
	return seed.Accounts(ctx, db, e.stdout)
}
