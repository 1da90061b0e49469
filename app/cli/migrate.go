package cli

import (
	"context"
	"fmt"
	"strconv"

	"locallibrary/app/database"
)

func migrate(ctx context.Context, e env, args []string) error {
	if len(args) == 0 {
		return usageError("migrate needs up, down, status or create NAME")
	}
	sub, args := args[0], args[1:]
	if sub == "create" {
		if len(args) != 1 {
			return usageError("migrate create needs one NAME")
		}
		paths, err := database.Create("migrations", args[0])
		for _, p := range paths {
			fmt.Fprintln(e.stdout, "created", p)
		}
		return err
	}
	var downTo int64 = -1
	switch {
	case sub == "up" || sub == "status" || (sub == "down" && len(args) == 0):
		if len(args) > 0 {
			return usageError("migrate %s takes no arguments", sub)
		}
	case sub == "down" && len(args) == 1:
		v, err := strconv.ParseInt(args[0], 10, 64)
		if err != nil || v < 0 {
			return usageError("migrate down: %q is not a version number", args[0])
		}
		downTo = v
	default:
		return usageError("migrate: unknown subcommand %q (want up, down, status or create)", sub)
	}
	db, err := database.Open(ctx, e.unlimited())
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := database.NewMigrator(db)
	if err != nil {
		return err
	}
	switch {
	case sub == "up":
		return m.Up(ctx, e.stdout)
	case sub == "status":
		return m.Status(ctx, e.stdout)
	case downTo >= 0:
		return m.DownTo(ctx, downTo, e.stdout)
	default:
		return m.Down(ctx, e.stdout)
	}
}
