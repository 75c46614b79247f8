// Package waitgroupadd holds the one shape of the AddInside bug that go
// vet sees. It is under testdata because vet rejects it: go vet ./...
// skips testdata, and a test runs the analyzer here.
package waitgroupadd

import "sync"

// AddFirstInGoroutine calls wg.Add as the first statement of each
// goroutine it starts.
//
// Broken: Wait may run before any Add and return at once, before the
// results are written (see prodcons.AddInside, which the race detector
// proves). This shape is the one go vet's waitgroup analyzer matches:
// "WaitGroup.Add called from inside new goroutine". Move Add before the
// go statement, or use wg.Go.
func AddFirstInGoroutine(items []int, work func(int) int) []int {
	results := make([]int, len(items))
	var wg sync.WaitGroup
	for i, item := range items {
		go func() {
			wg.Add(1) // vet: called from inside new goroutine
			defer wg.Done()
			results[i] = work(item)
		}()
	}
	wg.Wait()
	return results
}
