// Command locallibrary runs the LocalLibrary website and its management commands (app/cli).
package main

import (
	"os"

	"locallibrary/app/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
