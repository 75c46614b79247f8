package racelab

// signalRows are the catalog rows of the locks package's signalling lessons (semaphore, event, condition) (see scenarios_test.go
// for the row format). Owned by whoever writes those lessons.
var signalRows = []row{}
