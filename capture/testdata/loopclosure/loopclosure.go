//go:build go1.21

// Package loopclosure holds the capture lesson's loop in the shape go
// vet's loopclosure analyzer sees: it checks only the last statement of a
// loop's body, and here the go statement is last. The variant that runs,
// capture.OneVarPerLoop, has the append last, and vet misses it.
package loopclosure

// GoLastInLoop is capture.OneVarPerLoop with the append before the go
// statement, in a file whose Go version is 1.21.
//
// Broken: as OneVarPerLoop, every goroutine reads the loop's one x. go
// vet's loopclosure reports "loop variable x captured by func literal",
// because the go statement is the last statement of the loop's body; in a
// Go 1.22 file it reports nothing, as there is nothing to report.
func GoLastInLoop(xs []int) []int {
	futures := make([]chan int, 0, len(xs))
	for _, x := range xs {
		f := make(chan int, 1)
		futures = append(futures, f)
		go func() { f <- x * x }() // x: the loop's one variable
	}
	out := make([]int, 0, len(xs))
	for _, f := range futures {
		out = append(out, <-f)
	}
	return out
}
