// Command cpmail explains why email does not arrive on cPanel hosting.
package main

import (
	"os"

	"github.com/cpmail/cpmail/internal/cli"
	"github.com/cpmail/cpmail/internal/iostreams"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], iostreams.System(os.Getenv), os.Getenv))
}
