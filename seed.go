package main

import (
	"context"
	"flag"
	"io"

	"locallibrary/app/database"
	"locallibrary/app/seed"
)

func seedCmd(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	books := fs.Int("books", 0, "number of synthetic books to create")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *books < 0 {
		return usageError("seed takes [--books N] with N ≥ 0")
	}
	db, err := database.Open(ctx, e.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := database.NewMigrator(db)
	if err != nil {
		return err
	}
	if e.cfg.RunMigrations {
		err = m.Up(ctx, io.Discard)
	} else {
		err = m.EnsureCurrent(ctx)
	}
	if err != nil {
		return err
	}
	if *books > 0 {
		return seed.Synthetic(ctx, db, *books, e.stderr)
	}
	return seed.Sample(ctx, db, e.stdout)
}
