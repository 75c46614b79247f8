//go:build race

// Package racebuild tells whether the binary was built with -race, for
// tests that behave differently under the race detector.
package racebuild

// Enabled reports whether the binary was built with -race.
const Enabled = true
