package cli

import (
	"context"
	"errors"
	"fmt"
	"text/tabwriter"

	"locallibrary/models"
)

// holdsQueue prints the queue of a book, given by id or ISBN: the holds ready for pickup, then
// those waiting, in order.
func holdsQueue(ctx context.Context, e env, args []string) error {
	if len(args) != 1 {
		return usageError("holds takes one book, by id or ISBN")
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	book, err := models.LookupBook(ctx, db.Gorm, args[0])
	if errors.Is(err, models.ErrNotFound) {
		return fmt.Errorf("holds: no book with id or ISBN %q", args[0])
	}
	if err != nil {
		return err
	}
	queue, err := models.BookQueue(ctx, db.Gorm, book.ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s (%s): %d active holds\n", book.Title, book.Author, len(queue))
	if len(queue) == 0 {
		return nil
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PLACE\tMEMBER\tPLACED\tSTATUS")
	for _, h := range queue {
		place, status := "-", "waiting"
		if h.IsWaiting() {
			place = fmt.Sprint(h.Position)
		} else {
			status = fmt.Sprintf("ready until %s (copy %s)", h.PickupUntil, h.CopyID())
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", place, h.Member.Username, h.PlacedAt.UTC().Format("2006-01-02 15:04"), status)
	}
	return w.Flush()
}
