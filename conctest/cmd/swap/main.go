// Command swap writes the overlay that builds packages with go-deadlock's
// Mutex and RWMutex in place of sync's, and prints its path:
//
//	go test -overlay "$(go run github.com/racelab/racelab/conctest/cmd/swap ./...)" ./...
//
// The source stays as it is. In that build conctest's proofs let
// go-deadlock alone judge; run the plain build, with -race, for every
// other detector. See package conctest/swap.
//
// Flags:
//
//	-o dir        write the overlay and its files in dir (default: a new
//	              directory under the system's temporary directory)
//	-base file    an overlay to build on: its replacements are the files
//	              swap rewrites, and it keeps the others
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/racelab/racelab/conctest/swap"
)

func main() {
	out := flag.String("o", "", "write the overlay and its files in this `directory`")
	base := flag.String("base", "", "an overlay `file` to build on")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: swap [-o dir] [-base overlay.json] packages...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	path, err := run(*out, *base, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "swap:", err)
		os.Exit(1)
	}
	fmt.Println(path)
}

func run(out, base string, patterns []string) (string, error) {
	replace, read, err := swap.ReadOverlay(base)
	if err != nil {
		return "", err
	}
	pkgs, err := swap.List(".", patterns...)
	if err != nil {
		return "", err
	}
	files, err := swap.Files(pkgs, read)
	if err != nil {
		return "", err
	}
	if out == "" {
		if out, err = os.MkdirTemp("", "swap-"); err != nil {
			return "", err
		}
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	// The overlay names its files by absolute paths: the go command
	// reading it may run in another directory.
	if out, err = filepath.Abs(out); err != nil {
		return "", err
	}
	return swap.Write(out, files, replace)
}
