// Command builds writes the overlays racelab's tests are built with, in
// the directory its one argument names (make creates .build):
//
//   - plain.json: the lessons with their interleaving points made
//     windows (internal/points). The race detector, goleak, the leak
//     profile, synctest, the invariants and the watchdog judge this
//     build, with sync's mutexes.
//   - swap.json: the same, with sync's Mutex and RWMutex swapped for
//     go-deadlock's (conctest/swap). go-deadlock judges this build.
//
// -base names an overlay to start from (a mutant's, for mutate -prepare),
// and -prefix the names of the two files.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/racelab/racelab/conctest/swap"
	"github.com/racelab/racelab/internal/points"
)

// lessons are the packages swapped, and the root, whose catalog tests
// them, marked as the go-deadlock build too.
var lessons = []string{".", "./counter", "./locks", "./prodcons", "./sharedmem", "./capture"}

func main() {
	base := flag.String("base", "", "an overlay `file` to start from")
	prefix := flag.String("prefix", "", "prefix of the two overlays' file names")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: builds [-base overlay.json] [-prefix p] dir")
		os.Exit(2)
	}
	if err := run(flag.Arg(0), *base, *prefix); err != nil {
		fmt.Fprintln(os.Stderr, "builds:", err)
		os.Exit(1)
	}
}

func run(dir, base, prefix string) error {
	root, err := os.Getwd()
	if err != nil {
		return err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	replace, read, err := swap.ReadOverlay(base)
	if err != nil {
		return err
	}
	windows, err := points.Files(root, read)
	if err != nil {
		return err
	}
	plain := filepath.Join(dir, prefix+"plain")
	// A build's files are all new: none of an earlier build's may stay.
	if err := os.RemoveAll(plain); err != nil {
		return err
	}
	if err := os.MkdirAll(plain, 0o755); err != nil {
		return err
	}
	ov, err := swap.Write(plain, windows, replace)
	if err != nil {
		return err
	}
	if err := os.Rename(ov, plain+".json"); err != nil {
		return err
	}
	// The go-deadlock build swaps the mutexes of the files with windows.
	withWindows := func(p string) ([]byte, error) {
		if b, ok := windows[p]; ok {
			return b, nil
		}
		return read(p)
	}
	pkgs, err := swap.List(root, lessons...)
	if err != nil {
		return err
	}
	swapped, err := swap.Files(pkgs, withWindows)
	if err != nil {
		return err
	}
	for p, b := range windows {
		if _, ok := swapped[p]; !ok {
			swapped[p] = b
		}
	}
	dl := filepath.Join(dir, prefix+"swap")
	if err := os.RemoveAll(dl); err != nil {
		return err
	}
	if err := os.MkdirAll(dl, 0o755); err != nil {
		return err
	}
	ov, err = swap.Write(dl, swapped, replace)
	if err != nil {
		return err
	}
	return os.Rename(ov, dl+".json")
}
