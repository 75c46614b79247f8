package conctest

import (
	"os"
	"sync"
)

// The go-deadlock build. go-deadlock sees only its own Mutex and RWMutex,
// and they are not sync's: each takes an internal mutex on every Lock and
// Unlock, which the race detector sees as synchronization. So code is
// built twice. The plain build, with sync's mutexes, is judged by every
// detector but go-deadlock; the go-deadlock build, with sync's Mutex and
// RWMutex swapped for go-deadlock's by conctest/swap (an overlay: the
// source is untouched), is judged by go-deadlock alone. The swap adds to
// each package a test file whose init sets buildEnv to buildDeadlock.
const (
	buildEnv      = "CONCTEST_BUILD" // swap.MarkerEnv
	buildDeadlock = "go-deadlock"    // swap.MarkerValue
)

// swapBuild reports whether this test binary is the go-deadlock build.
var swapBuild = sync.OnceValue(func() bool { return os.Getenv(buildEnv) == buildDeadlock })

// judgedInPlain says why a detector other than go-deadlock does not judge
// the go-deadlock build.
const judgedInPlain = "this is the go-deadlock build, where go-deadlock alone judges; the plain build judges the other detectors"

// swapCommand is how to make the go-deadlock build of a module's packages.
const swapCommand = `go test -overlay "$(go run github.com/racelab/racelab/conctest/cmd/swap ./...)" ./...`
