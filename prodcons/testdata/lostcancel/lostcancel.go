// Package lostcancel holds the shape of the CancelAfterWait bug that go
// vet sees. It is under testdata because vet rejects it: go vet ./...
// skips testdata, and a test runs the analyzer here.
package lostcancel

import (
	"context"
	"sync"
)

// DiscardCancel derives the watch's context and discards its cancel, so
// stop can only wait.
//
// Broken: nothing cancels the watch's context but the caller's cancel,
// so stop waits forever when it is called first (see
// prodcons.CancelAfterWait, which the detectors prove). This is the
// shape go vet's lostcancel analyzer matches: "the cancel function
// returned by context.WithCancel should be called, not discarded, to
// avoid a context leak". Keep the cancel, and call it before the Wait.
func DiscardCancel(ctx context.Context, feed <-chan int, handle func(int)) (stop func()) {
	ctx, _ = context.WithCancel(ctx) // vet: should be called, not discarded
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case item := <-feed:
				handle(item)
			case <-ctx.Done():
				return
			}
		}
	})
	return wg.Wait
}
