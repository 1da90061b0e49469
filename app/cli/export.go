package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"locallibrary/app/csvio"
)

// exportCSV writes the books or copies as CSV to FILE, or to stdout (no FILE, or "-"). A file
// appears only complete: the export goes to a temporary file beside it, renamed when done.
func exportCSV(ctx context.Context, e env, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return usageError("export takes books|copies [FILE]")
	}
	kind, err := csvio.ParseKind(args[0])
	if err != nil {
		return usageError("export takes books|copies [FILE], not %q", args[0])
	}
	db, err := openCurrent(ctx, e)
	if err != nil {
		return err
	}
	defer db.Close()
	export := csvio.ExportBooks
	if kind == csvio.Copies {
		export = csvio.ExportCopies
	}
	write := func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 64<<10)
		if err := export(ctx, db.Gorm, bw, nil); err != nil {
			return err
		}
		return bw.Flush()
	}
	if len(args) == 1 || args[1] == "-" {
		return write(e.stdout)
	}
	path := args[1]
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("export %s: %w", kind, err)
	}
	defer os.Remove(tmp.Name())
	// A new file is readable by its owner only (the copies name their borrowers); a file
	// replaced keeps its permissions.
	if fi, err := os.Stat(path); err == nil {
		if err := tmp.Chmod(fi.Mode().Perm()); err != nil {
			tmp.Close()
			return fmt.Errorf("export %s: %w", kind, err)
		}
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export %s: %w", kind, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("export %s: %w", kind, err)
	}
	fmt.Fprintf(e.stdout, "Exported the %s to %s.\n", kind, path)
	return nil
}
