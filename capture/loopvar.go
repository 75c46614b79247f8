//go:build go1.21

// The build constraint above sets this file's language version to Go
// 1.21 (go help buildconstraint): its for loops declare their variables
// once per loop, as every loop did before Go 1.22.

package capture

// OneVarPerLoop squares each of xs in a goroutine of its own, and returns
// the squares in the order of xs. Each goroutine's result comes back on a
// channel of its own, a future.
//
// Broken: in a file whose Go version is older than 1.22 (here by its
// //go:build go1.21 line) the loop has one x for all its iterations, and
// every goroutine reads that one x: the loop writes the next element into
// it while the goroutines started before read it, and a goroutine that
// runs after the loop has moved on squares a later element. The race
// detector reports the loop's write against a goroutine's read on every
// run; the squares come out wrong (most of them the last element's).
// go vet's loopclosure checks only a loop's last statement, here the
// append: it is silent (testdata/loopclosure is the same loop with the go
// statement last, which it reports).
func OneVarPerLoop(xs []int) []int {
	futures := make([]chan int, 0, len(xs))
	for _, x := range xs {
		f := make(chan int, 1)
		go func() { f <- x * x }() // x: the loop's one variable
		futures = append(futures, f)
	}
	out := make([]int, 0, len(xs))
	for _, f := range futures {
		out = append(out, <-f)
	}
	return out
}

// ValueAsArgument is OneVarPerLoop with x passed to each goroutine as an
// argument, the fix that works in a file of any Go version.
//
// Fixed: a go statement's function value and parameters are evaluated
// as usual in the calling goroutine (the Go spec, "Go statements"), so
// each goroutine gets the value x had in its own iteration, in a
// parameter of its own, and the loop's later writes to x touch nothing
// any goroutine reads. Clean under every detector.
func ValueAsArgument(xs []int) []int {
	futures := make([]chan int, 0, len(xs))
	for _, x := range xs {
		f := make(chan int, 1)
		go func(x int) { f <- x * x }(x) // this iteration's value, copied
		futures = append(futures, f)
	}
	out := make([]int, 0, len(xs))
	for _, f := range futures {
		out = append(out, <-f)
	}
	return out
}
