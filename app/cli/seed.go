package cli

import (
	"context"
	"flag"
	"io"

	"locallibrary/app/seed"
)

func seedCatalog(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	books := fs.Int("books", 0, "number of synthetic books to create")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *books < 0 {
		return usageError("seed takes [--books N] with N ≥ 0")
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	if *books > 0 {
		return seed.Synthetic(ctx, db, *books, e.stderr)
	}
	if err := seed.Sample(ctx, db, e.stdout); err != nil {
		return err
	}
	return seed.Accounts(ctx, db, e.stdout)
}
