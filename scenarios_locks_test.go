package racelab

// locksRows are the catalog rows of the locks package's mutex lessons (see scenarios_test.go
// for the row format). Owned by whoever writes those lessons.
var locksRows = []row{}
