package prodcons

import (
	"cmp"
	"context"
	"sync"
)

// OneSentinel is Python's queue pattern: workers consumers call get until
// they see None, the producer puts its items, then one None, and the
// caller waits in q.join() until every item is task_done.
//
// Broken: the first consumer to get the None exits; the other workers-1
// wait in a receive forever. q.join() counts items, not consumers, so the
// call returns with every item handled and leaves them behind. Python
// hides this when the consumers are daemon threads, which die with the
// interpreter. Every goroutine is like a daemon thread: the program ends
// when main returns, whatever they are doing, so a server or a test that
// outlives the call keeps them blocked for good. goleak lists the
// blocked consumers, and in a testing/synctest bubble they are the
// goroutines that remain blocked when the test returns.
func OneSentinel(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	q := newQueue()
	for range workers {
		go q.getUntilNone(handle)
	}
	q.put(ctx, src)
	q.items <- none // one None, and workers consumers each wait for one
	q.tasks.Wait()  // q.join(): every item is done, not every consumer
	return q.result(ctx)
}

// SentinelPerWorker puts one None per consumer and joins the consumers,
// not the items.
//
// Fixed: each consumer gets its own None, and the call returns only once
// every consumer has exited. It works only while the producer knows the
// number of consumers exactly: one None too few leaks a consumer, one too
// many blocks the producer. Clean under every detector.
func SentinelPerWorker(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	q := newQueue()
	for range workers {
		q.consumers.Go(func() { q.getUntilNone(handle) })
	}
	q.put(ctx, src)
	for range workers {
		q.items <- none // one None per consumer
	}
	q.consumers.Wait() // for t in threads: t.join()
	return q.result(ctx)
}

// CloseRange closes the channel instead of sending a sentinel, and each
// consumer ranges over it.
//
// Fixed: a close reaches every consumer at once, however many there are
// and whenever they arrive, because a receive from a closed channel never
// blocks; no item value has to be given up to mean "no more", and range
// ends the loop with no check to forget. Close is the sentinel Go
// channels have built in. Clean under every detector.
func CloseRange(ctx context.Context, src *Source, workers int, handle func(int) error) error {
	q := newQueue()
	for range workers {
		q.consumers.Go(func() { q.getAll(handle) })
	}
	q.put(ctx, src)
	close(q.items) // no more items, for every consumer at once
	q.consumers.Wait()
	return q.result(ctx)
}

// none is Python's None on the queue: a value no item takes.
const none = -1

// A queue is Python's queue.Queue: a channel of items, with task_done and
// join as a WaitGroup of unfinished items.
type queue struct {
	items     chan int
	tasks     sync.WaitGroup // items put and not yet done
	consumers sync.WaitGroup // consumers still running
	mu        sync.Mutex
	err       error // the first handler error
}

func newQueue() *queue { return &queue{items: make(chan int)} }

// put sends every item of src until the context is done.
func (q *queue) put(ctx context.Context, src *Source) {
	for ctx.Err() == nil {
		item, ok := src.Next()
		if !ok {
			return
		}
		q.tasks.Add(1)
		q.items <- item
	}
}

// getUntilNone handles items until it receives none.
func (q *queue) getUntilNone(handle func(int) error) {
	for item := <-q.items; item != none; item = <-q.items {
		q.taskDone(handle(item))
	}
}

// getAll handles items until the channel is closed.
func (q *queue) getAll(handle func(int) error) {
	for item := range q.items {
		q.taskDone(handle(item))
	}
}

// taskDone is Python's task_done; it keeps the first error. A failed
// item does not stop the queue.
func (q *queue) taskDone(err error) {
	q.mu.Lock()
	q.err = cmp.Or(q.err, err)
	q.mu.Unlock()
	q.tasks.Done()
}

func (q *queue) result(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return cmp.Or(q.err, ctx.Err())
}
