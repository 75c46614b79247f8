//go:build race

package conctest

import _ "github.com/racelab/racelab/conctest/internal/racestart"

// raceEnabled reports whether the binary was built with -race.
const raceEnabled = true
