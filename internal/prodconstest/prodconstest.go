// Package prodconstest holds the workloads that drive the prodcons
// package's variants, for its own tests and the catalog's. Each takes
// the variant as an argument, so that a broken variant and its fix run
// exactly the same code, and checks that the variant delivered every
// item exactly once, also when it is cancelled or an item fails
// half-way; where a bug shows only under one schedule, a workload holds
// the variant's goroutines in the window its lesson marks
// (internal/window).
package prodconstest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/racelab/racelab/internal/window"
	"github.com/racelab/racelab/prodcons"
)

// A Pipeline moves the items of src from its producers to workers
// goroutines and calls handle on each. It returns the first error, or
// the context's, once every goroutine it started has exited.
type Pipeline func(ctx context.Context, src *prodcons.Source, workers int, handle func(item int) error) error

// A Pool runs work on the items of src with at most workers goroutines
// at once and returns the results, or the first error.
type Pool func(ctx context.Context, src *prodcons.Source, workers int, work prodcons.Work) ([]prodcons.Result, error)

// A Call runs work in a goroutine and waits for its result at most
// timeout: Python's future.result(timeout=...).
type Call func(ctx context.Context, timeout time.Duration, work func(context.Context) (int, error)) (int, error)

// A Gatherer runs work on the items 0..n-1 with workers goroutines, each
// taking every workers-th item, and returns the results in item order
// with the first error.
type Gatherer interface {
	Gather(ctx context.Context, n, workers int, work prodcons.Work) ([]int, error)
}

// A Batch collects items until it holds max of them, items is closed,
// or wait has passed since the call, and returns the batch.
type Batch func(items <-chan int, max int, wait time.Duration) []int

// A Poller calls poll every interval, in a goroutine of its own, until
// the stop function it returns is called.
type Poller func(interval time.Duration, poll func()) (stop func())

// A Flusher flushes a batch of items when no item has come for idle,
// and the rest when items is closed; it returns then.
type Flusher func(items <-chan int, idle time.Duration, flush func([]int))

// A Watch calls handle on each item of feed, in a goroutine of its own,
// until ctx is done or the stop function it returns is called; stop
// returns once that goroutine has.
type Watch func(ctx context.Context, feed <-chan int, handle func(int)) (stop func())

// An End says how a workload ends.
type End int

const (
	Complete End = iota // every item is handled
	Cancel              // the caller cancels the context half-way
	Fail                // the handler of the middle item returns an error
	Together            // complete, and every producer runs out of items at the same moment
	Overlap             // complete, and the first items are in flight together, one per worker
	Panic               // the work of the middle item panics
)

// BadItem is in the message of the work's panic, at the Panic end.
const BadItem = "bad item"

var (
	// ErrItem is the error a failing handler returns.
	ErrItem = errors.New("item failed")
	// fetchTime is how long the first items of a Collect take, even
	// after a cancel: in a testing/synctest bubble, time moves only once
	// every goroutine is blocked, so all the items a pool has in flight
	// are in flight together before any of them returns, on every run.
	fetchTime = time.Nanosecond
)

// Value is the value Work computes for item.
func Value(item int) int { return 2*item + 1 }

// Deliver runs p on a Source of n items with workers goroutines and
// checks that every item was handled exactly once (count and checksum),
// or, when ended early, at most once.
func Deliver(p Pipeline, n, workers int, end End) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	src := prodcons.NewSource(n)
	if end == Together { // every producer waits at the end of the items for the others
		var ends sync.WaitGroup
		ends.Add(workers)
		window.Set(src, func() {
			ends.Done()
			ends.Wait()
		})
	}
	t := newTally(n)
	half := halfway(cancel, n)
	err := p(ctx, src, workers, func(item int) error {
		if k := t.add(item); end == Cancel {
			half(k)
		}
		if item == n/2 && end == Fail {
			return ErrItem
		}
		return nil
	})
	return t.check(nameOf(p), n, end, err)
}

// Collect runs p on a Source of n items with workers goroutines, each
// item taking fetchTime, and checks the results and that no more than
// workers items were in flight at once.
func Collect(p Pool, n, workers int, end End) error {
	return collect(p, n, workers, end, Value, false)
}

// CollectInOrder is Collect, and checks that the results are in item
// order, as Python's Executor.map returns them.
func CollectInOrder(p Pool, n, workers int, end End) error {
	return collect(p, n, workers, end, Value, true)
}

func collect(p Pool, n, workers int, end End, want func(int) int, inOrder bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var inFlight, most, started atomic.Int64
	var overlap sync.WaitGroup
	overlap.Add(workers)
	half := halfway(cancel, n)
	results, err := p(ctx, prodcons.NewSource(n), workers, func(ctx context.Context, item int) (int, error) {
		raise(&most, inFlight.Add(1))
		defer inFlight.Add(-1)
		if k := started.Add(1); end == Cancel {
			half(int(k))
		}
		switch {
		case item < workers && end == Overlap:
			overlap.Done()
			overlap.Wait() // every worker holds one item
		case item == n/2 && end == Fail:
			return 0, ErrItem
		case item <= workers: // fetched even after a cancel: see fetchTime
			time.Sleep(fetchTime) // the I/O: in a bubble, until every goroutine blocks
		case end == Cancel && ctx.Err() != nil:
			return 0, ctx.Err()
		}
		return Value(item), nil
	})
	name := nameOf(p)
	if got := most.Load(); got > int64(workers) {
		return fmt.Errorf("%s: %d items in flight at once, want at most %d", name, got, workers)
	}
	t := newTally(n)
	for i, r := range results {
		switch {
		case r.Item < 0 || r.Item >= n || r.Value != want(r.Item):
			return fmt.Errorf("%s: got result %+v, want value %d", name, r, want(r.Item))
		case inOrder && r.Item != i:
			return fmt.Errorf("%s: got item %d at index %d, want results in item order", name, r.Item, i)
		}
		t.add(r.Item)
	}
	return t.check(name, n, end, err)
}

// FetchProcess runs the two-stage pipeline p (fetch, then
// prodcons.Crunch) on n items with fetchers goroutines fetching, and
// checks the results as Collect does.
func FetchProcess(p Pool, n, fetchers int, end End) error {
	return collect(p, n, fetchers, end, func(item int) int { return prodcons.Crunch(Value(item)) }, false)
}

// halfway returns what each item's work calls, with k the count of items
// so far (1 for the first), to cancel the workload's context half-way:
// the work of the n/2-th cancels it, and the work of every later one
// waits until that cancel has returned.
//
// The wait is what makes "cancelled half-way" mean it. The variant runs
// under a context of its own, derived from ctx (errgroup.WithContext, a
// WithCancelCause): cancel closes ctx's Done, then, in the same call,
// cancels the contexts derived from it, while ctx.Err is an atomic load
// that does not wait for that (go doc context, and context.go's
// cancelCtx in Go 1.26). A goroutine descheduled in between leaves the
// variant's context live while the other workers go on: measured, a
// correct ErrGroup on 1,000 items, cancelled at the 500th, handled all
// 1,000 and returned nil, in one run of some hundred under -race. After
// the wait, the variant's context is done before any later item is
// handled, so a variant that checks it stops within an item per worker.
func halfway(cancel context.CancelFunc, n int) func(k int) {
	cancelled := make(chan struct{})
	return func(k int) {
		switch {
		case k == n/2:
			cancel()
			close(cancelled)
		case k > n/2:
			<-cancelled
		}
	}
}

// raise sets a to v if v is larger.
func raise(a *atomic.Int64, v int64) {
	for old := a.Load(); v > old && !a.CompareAndSwap(old, v); old = a.Load() {
	}
}

// A tally counts the items a workload saw, with a checksum, and any item
// seen twice. It is safe for concurrent use.
type tally struct {
	seen  []atomic.Bool
	count atomic.Int64
	sum   atomic.Uint64
	twice atomic.Int64
}

func newTally(n int) *tally { return &tally{seen: make([]atomic.Bool, n)} }

// add records item and returns how many items have been added.
func (t *tally) add(item int) int {
	if t.seen[item].Swap(true) {
		t.twice.Add(1)
	}
	t.sum.Add(mix(uint64(item)))
	return int(t.count.Add(1))
}

// check compares the tally and err with what end promises: every item
// once and no error, or, ended early, the right error and no item twice.
func (t *tally) check(name string, n int, end End, err error) error {
	count := int(t.count.Load())
	if k := t.twice.Load(); k > 0 {
		return fmt.Errorf("%s: %d items handled twice", name, k)
	}
	var want error
	switch end {
	case Cancel:
		want = context.Canceled
	case Fail:
		want = ErrItem
	case Panic:
		if err == nil || !strings.Contains(err.Error(), BadItem) {
			return fmt.Errorf("%s: got error %v, want the work's panic (%s) as an error", name, err, BadItem)
		}
		return nil
	}
	if want != nil {
		if !errors.Is(err, want) {
			return fmt.Errorf("%s: got error %v, want %v", name, err, want)
		}
		if end == Cancel && count >= n {
			return fmt.Errorf("%s: got all %d items after %v, want it to stop early", name, n, want)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: got error %v, want nil", name, err)
	}
	var sum uint64
	for i := range n {
		sum += mix(uint64(i))
	}
	if count != n || t.sum.Load() != sum {
		return fmt.Errorf("%s: got %d items (checksum %#x), want %d (checksum %#x): items lost", name, count, t.sum.Load(), n, sum)
	}
	return nil
}

// mix is SplitMix64's finalizer: a checksum of mixed items catches a
// lost item that a duplicate would hide in a plain sum.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// nameOf names a variant, "prodcons.OneSentinel", as its doc does.
func nameOf(v any) string {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Func {
		return path.Base(runtime.FuncForPC(rv.Pointer()).Name())
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", v), "*")
}

// CallLate makes one call whose work ends only after the call has timed
// out: the work waits for a signal that the workload gives once the call
// has returned. In a testing/synctest bubble the timeout passes on the
// fake clock, at once.
func CallLate(c Call) error {
	late := make(chan struct{})
	_, err := c(context.Background(), time.Millisecond, func(context.Context) (int, error) {
		<-late
		return 1, nil
	})
	close(late) // the work ends now, after its caller gave up
	if !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s: got error %v, want %v", nameOf(c), err, context.DeadlineExceeded)
	}
	return nil
}

// Calls makes one call that ends late (CallLate), as some calls do, then
// n calls in turn, each in time, and checks that every result arrived
// exactly once; ended early, that the calls before the end all did.
func Calls(c Call, n int, end End) error {
	if err := CallLate(c); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := newTally(n)
	var err error
	for item := range n {
		if item == n/2 && end == Cancel {
			cancel()
		}
		var v int
		v, err = c(ctx, time.Minute, func(ctx context.Context) (int, error) {
			if item == n/2 && end == Fail {
				return 0, ErrItem
			}
			return Value(item), ctx.Err()
		})
		if err != nil {
			break
		}
		if v != Value(item) {
			return fmt.Errorf("%s: call %d: got %d, want %d", nameOf(c), item, v, Value(item))
		}
		t.add(item)
	}
	return t.check(nameOf(c), n, end, err)
}

// GatherAll runs g on n items with workers goroutines and checks that
// every result is there when Gather returns. If g has a window, its
// goroutines are held there until Gather has returned: the schedule in
// which they start late.
func GatherAll(g Gatherer, n, workers int, end End) error {
	late := make(chan struct{})
	open := func() {}
	if window.Set(g, func() { <-late }) {
		open = sync.OnceFunc(func() { close(late) })
	}
	defer open()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := newTally(n)
	var started atomic.Int64
	half := halfway(cancel, n)
	results, err := g.Gather(ctx, n, workers, func(ctx context.Context, item int) (int, error) {
		if item == n/2 && end == Fail {
			return 0, ErrItem
		}
		if item == n/2 && end == Panic {
			panic(fmt.Sprintf("item %d: %s", item, BadItem))
		}
		if k := started.Add(1); end == Cancel {
			half(int(k))
		}
		if end == Cancel && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		t.add(item)
		return Value(item), nil
	})
	missing := countMissing(results) // what the caller has when Gather returns
	worked := int(t.count.Load())    // and what work had done by then
	open()                           // late goroutines start now
	if end == Complete && missing > 0 {
		return fmt.Errorf("%s: Gather returned with %d of %d results missing (%d a moment later): its goroutines were still running",
			nameOf(g), missing, n, countMissing(results))
	}
	if got, want := len(results)-missing, worked; got != want {
		return fmt.Errorf("%s: got %d results, want %d: results lost", nameOf(g), got, want)
	}
	return t.check(nameOf(g), n, end, err)
}

// countMissing counts the results that do not hold their item's Value.
func countMissing(results []int) int {
	missing := 0
	for i, v := range results {
		if v != Value(i) {
			missing++
		}
	}
	return missing
}

// The timings of the time-based workloads. In a testing/synctest bubble
// they pass on the fake clock, at once; in a plain run they are real,
// and short.
const (
	batchMax   = 10
	batchWait  = 10 * time.Millisecond
	pollEvery  = time.Millisecond
	idleTime   = time.Millisecond
	feedItems  = 3
	flushesCap = 16
)

// Trickle runs b on a producer that sends an item every half wait,
// until the batch is done, and checks that the batch was cut at wait,
// not filled: a full batch took four and a half waits.
func Trickle(b Batch) error {
	items, stop := make(chan int), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for item := 0; ; item++ {
			time.Sleep(batchWait / 2) // the producer's pace: two items per wait
			select {
			case items <- item:
			case <-stop:
				return
			}
		}
	})
	batch := b(items, batchMax, batchWait)
	close(stop)
	wg.Wait()
	for i, item := range batch {
		if item != i {
			return fmt.Errorf("%s: got item %d at %d, want the items in order", nameOf(b), item, i)
		}
	}
	if len(batch) == batchMax {
		return fmt.Errorf("%s: got a full batch of %d items from a producer that sends two per wait of %v, "+
			"want the batch cut at the wait: the wait started over at each item", nameOf(b), batchMax, batchWait)
	}
	return nil
}

// Polls starts p, lets it poll three times, and stops it: stop must
// return, and leave no goroutine behind.
func Polls(p Poller) error {
	var polls atomic.Int64
	polled := make(chan struct{}, 1)
	stop := p(pollEvery, func() {
		polls.Add(1)
		select {
		case polled <- struct{}{}:
		default: // a signal is already waiting
		}
	})
	for polls.Load() < 3 {
		<-polled
	}
	stop()
	return nil
}

// Flushes runs f in a goroutine, sends it an item, waits for the idle
// flush of that item (the timer has fired, and f has received its
// tick), sends two more and closes the items: f must return, having
// flushed each item once, in order.
func Flushes(f Flusher) error {
	items, done := make(chan int), make(chan struct{})
	batches := make(chan []int, flushesCap)
	go func() {
		defer close(done)
		f(items, idleTime, func(b []int) { batches <- slices.Clone(b) })
	}()
	var flushed []int
	items <- 1
	for !slices.Contains(flushed, 1) { // the idle flush
		flushed = append(flushed, <-batches...)
	}
	items <- 2
	items <- 3
	close(items)
	<-done
	for len(batches) > 0 {
		flushed = append(flushed, <-batches...)
	}
	if !slices.Equal(flushed, []int{1, 2, 3}) {
		return fmt.Errorf("%s: flushed %v, want [1 2 3]: items lost or repeated", nameOf(f), flushed)
	}
	return nil
}

// StopWatch starts w, sends it a few items, each handled before the
// next, and once the watch waits for another, calls stop: stop must
// return.
func StopWatch(w Watch) error { return watch(w, false) }

// CancelWatch starts w, sends it a few items, and once the watch waits
// for another, cancels the caller's context and returns without calling
// stop, as a request that ends does: the cancel alone must end the
// watch.
func CancelWatch(w Watch) error { return watch(w, true) }

func watch(w Watch, cancelOnly bool) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	feed, handled := make(chan int), make(chan struct{}, feedItems)
	var watcher string // the goroutine that handles, as handle saw it
	stop := w(ctx, feed, func(int) {
		watcher = goroutineID()
		handled <- struct{}{}
	})
	for item := range feedItems {
		feed <- item
		<-handled
	}
	for d := newStackDump(); !d.waiting(watcher); { // the watch is back, waiting for its next item
		runtime.Gosched()
	}
	if cancelOnly {
		cancel() // and no stop: the watch must end by itself
		return nil
	}
	stop()
	return nil
}

// CallInTime makes one call with a minute to spare, whose work returns
// at once: the result must arrive.
func CallInTime(c Call) error {
	v, err := c(context.Background(), time.Minute, func(context.Context) (int, error) { return 1, nil })
	if v != 1 || err != nil {
		return fmt.Errorf("%s: got %d, %v, want 1, <nil>: the result never arrived", nameOf(c), v, err)
	}
	return nil
}

// CallWatched makes one call whose work ends only once the workload has
// looked at the caller's goroutine while the call waited: a caller that
// waits is seen blocked in its select, and the work ends at once; one
// that polls is never seen blocked in any of the looks. No clock is
// involved, so it reads the same in a plain run and in a
// testing/synctest bubble, where a caller that spins keeps the fake
// clock from moving.
func CallWatched(c Call) error {
	const looks = 50
	caller := goroutineID()
	started, looked := make(chan struct{}), make(chan struct{})
	blocked := 0
	go func() {
		defer close(looked)
		<-started // the call is under way
		d := newStackDump()
		for range looks {
			if d.waiting(caller) {
				blocked++
				return
			}
			runtime.Gosched() // let the caller run between looks
		}
	}()
	v, err := c(context.Background(), time.Minute, func(context.Context) (int, error) {
		close(started)
		<-looked
		return 1, nil
	})
	<-looked
	if v != 1 || err != nil {
		return fmt.Errorf("%s: got %d, %v, want 1, <nil>", nameOf(c), v, err)
	}
	if blocked == 0 {
		return fmt.Errorf("%s: the caller was not blocked on a channel in any of %d looks at it while it waited for its result: "+
			"it never blocked, it spun", nameOf(c), looks)
	}
	return nil
}

// goroutineID returns the calling goroutine's number, as a stack dump
// gives it.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	id, _, _ := strings.Cut(strings.TrimPrefix(string(buf), "goroutine "), " ")
	return id
}

// A stackDump is a buffer for dumps of every goroutine, which a loop of
// looks reuses. (A megabyte made afresh for each look cost a proof's
// child 50 MB in CallWatched's looks at a caller that polls.)
type stackDump []byte

func newStackDump() stackDump { return make(stackDump, 1<<20) }

// waiting reports whether goroutine id is blocked on a channel, as a
// dump of every goroutine says: in a select, a send or a receive.
func (d stackDump) waiting(id string) bool {
	dump := d[:runtime.Stack(d, true)]
	_, rest, ok := bytes.Cut(dump, []byte("goroutine "+id+" ["))
	if !ok {
		return false
	}
	state, _, _ := bytes.Cut(rest, []byte("]"))
	return bytes.HasPrefix(state, []byte("select")) || bytes.HasPrefix(state, []byte("chan "))
}
