//go:build race

package conctest

const raceEnabled = true

// RaceEnabled reports whether the binary was built with -race.
const RaceEnabled = raceEnabled
