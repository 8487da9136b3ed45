// Command cpmail explains why email does not arrive on cPanel hosting.
package main

import (
	"os"

	"github.com/cpmail/cpmail/internal/cmd/root"
	"github.com/cpmail/cpmail/internal/iostreams"
)

func main() {
	os.Exit(int(root.Main(os.Args[1:], iostreams.System(os.Getenv), os.Getenv)))
}
