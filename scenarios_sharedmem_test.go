package racelab

// sharedmemRows are the catalog rows of the sharedmem lessons (see scenarios_test.go
// for the row format). Owned by whoever writes those lessons.
var sharedmemRows = []row{}
