package capture

// OneVarPerIteration is OneVarPerLoop, the same code, in a file whose Go
// version is 1.22 or later: this module's go.mod says go 1.26.8, and this
// file has no build constraint that lowers it.
//
// Fixed: since Go 1.22 each iteration of a for loop has its own separate
// declared variables (the Go spec, "For statements"), so each goroutine
// reads the x of its own iteration, which no one writes after the
// goroutine is started. Clean under every detector; go vet's loopclosure
// reports nothing in a Go 1.22 file (the Go 1.22 release notes).
func OneVarPerIteration(xs []int) []int {
	futures := make([]chan int, 0, len(xs))
	for _, x := range xs {
		f := make(chan int, 1)
		go func() { f <- x * x }() // x: this iteration's own variable
		futures = append(futures, f)
	}
	out := make([]int, 0, len(xs))
	for _, f := range futures {
		out = append(out, <-f)
	}
	return out
}
