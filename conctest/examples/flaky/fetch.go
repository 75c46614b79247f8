package flaky

import (
	"log"
	"sync"
)

// DoneTwice and DeferDone fetch every URL in parallel and return the
// pages that came back; a failed fetch is logged and skipped.

// DoneTwice is a fetch whose workers call Done on their error path,
// written before the defer was added above it.
//
// Broken: a failed worker calls Done twice. The counter reaches zero one
// Done early, so Wait may return while a page is still being fetched,
// and the last Done takes it below zero: the runtime panics with "sync:
// negative WaitGroup counter", in DoneTwice's worker. It shows only when
// a fetch fails, which in tests is rare.
func DoneTwice(urls []string, fetch func(url string) (string, error)) []string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var pages []string
	for _, url := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			page, err := fetch(url)
			if err != nil {
				log.Printf("skipping %s: %v", url, err)
				wg.Done() // and once more, deferred
				return
			}
			mu.Lock()
			pages = append(pages, page)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return pages
}

// DeferDone is a fetch whose workers call Done only in the defer.
//
// Fixed: every worker calls Done exactly once, on every path, so Wait
// returns after the last worker is done. Clean under every detector.
func DeferDone(urls []string, fetch func(url string) (string, error)) []string {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var pages []string
	for _, url := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done() // the only Done, on every path
			page, err := fetch(url)
			if err != nil {
				log.Printf("skipping %s: %v", url, err)
				return
			}
			mu.Lock()
			pages = append(pages, page)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return pages
}
