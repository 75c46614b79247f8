package racelab

// prodconsRows are the catalog rows of the prodcons lessons (see scenarios_test.go
// for the row format). Owned by whoever writes those lessons.
var prodconsRows = []row{}
