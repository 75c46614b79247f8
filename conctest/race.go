//go:build race

package conctest

// raceEnabled reports whether the binary was built with -race.
const raceEnabled = true
