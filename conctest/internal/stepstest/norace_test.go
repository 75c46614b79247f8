//go:build !race

package stepstest

// raceBuild: the race detector looks, so a Race twin runs.
const raceBuild = false
