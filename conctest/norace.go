//go:build !race

package conctest

const raceEnabled = false

// RaceEnabled reports whether the binary was built with -race.
const RaceEnabled = raceEnabled
