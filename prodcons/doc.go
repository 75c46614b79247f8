// Package prodcons retells Python's producer-consumer lessons for Go:
// queue.Queue with a None sentinel, task_done and join,
// ThreadPoolExecutor's map and as_completed, the mixed workload (fetch,
// then process), and "don't start a thousand workers".
//
// In Python the queue does the synchronization and the GIL hides most of
// the rest. Go has no GIL: every goroutine may run in parallel, a channel
// is the queue, and most real Go blocking bugs are message-passing bugs:
// a goroutine waits on a channel that no one will ever use again. Nothing
// crashes; the goroutine, and all it holds, just stays. goleak and
// testing/synctest see those; the race detector and the runtime see the
// rest.
//
// Reading order:
//
//  1. sentinel.go: one None for many consumers ([OneSentinel]); one per
//     consumer ([SentinelPerWorker]); close and range ([CloseRange]), and
//     why closing is better.
//  2. abandon.go: the consumers stop early and the producer is stuck in a
//     send ([PlainSend]); a select on a done channel ([SelectDone]), and
//     errgroup.WithContext ([ErrGroup]).
//  3. closer.go: the wrong goroutine closes: the consumer
//     ([ConsumerCloses]), every producer ([EachProducerCloses]); the one
//     owner closes after the producers' WaitGroup ([OwnerCloses]).
//  4. timeout.go: a worker whose caller timed out is stuck in its send
//     ([UnbufferedResult]); a buffer of one ([BufferedResult]), a select
//     on the context ([SelectContext]).
//  5. waitgroup.go: wg.Add inside the goroutine ([AddInside], and
//     testdata/waitgroupadd, the shape go vet sees); Add before go
//     ([AddBeforeGo]) and wg.Go ([WaitGroupGo]).
//  6. unbounded.go: a goroutine per item ([GoPerItem]); a worker pool
//     ([WorkerPool]) and errgroup's SetLimit ([SetLimit]).
//  7. pool.go: Executor.map and as_completed: results written to a shared
//     map ([SharedMap]) or appended to a shared slice ([SharedAppend]);
//     one slot per item, in input order ([IndexedSlice]), and a channel,
//     in completion order ([AsCompleted]).
//  8. pipeline.go: fetch, then process: the second stage started after
//     the first has finished ([FetchThenProcess]), and both stages at
//     once ([Pipelined]).
//  9. deadline.go: a batch cut at a deadline, Python's q.get(timeout=...)
//     in a loop: time.After in the loop starts the wait over at each item
//     ([AfterEachItem]); one timer for the batch ([OneDeadline]).
//  10. ticker.go: a poller stopped as threading.Timer.cancel() stops one:
//     a range over the ticker's channel, which Stop never closes
//     ([RangeTicker]); a select on a done channel ([SelectTicker]).
//  11. timerreset.go: an idle flush re-armed with the drain written before
//     Go 1.23, which blocks once the tick was received ([DrainAfterStop]);
//     Reset alone, as Go 1.23 allows ([ResetOnly]).
//  12. context.go: a watch that the caller's context must end (Python's
//     Event a thread checks): a deferred cancel that runs after the Wait
//     ([CancelAfterWait], and testdata/lostcancel, the shape go vet sees),
//     a context from Background ([BackgroundWatch]), a receive that never
//     looks at Done ([CheckErrFirst]); the caller's context, a select on
//     Done, cancel before Wait ([CallerContext]).
//  13. gopanic.go: an exception in a thread, which Python's
//     threading.excepthook prints while the process lives on: in Go a
//     worker's panic ends the program, errgroup's too ([GroupNoRecover]);
//     recover at the top of the worker, into an error ([GroupRecover]).
//  14. selects.go: future.result(timeout=...) and asyncio.wait_for: a
//     result channel left nil ([NilResult]), a select with a default in a
//     loop that spins ([PollResult], and testdata/spinselect, the shape
//     staticcheck sees); a made channel and a select that blocks
//     ([WaitResult]).
//  15. donetwice.go: task_done called twice, which Python refuses with
//     ValueError: wg.Done deferred and called on the error path too
//     ([DoneOnError]); the one deferred Done ([DeferredDone]).
//  16. source.go: what every variant takes, a [Source] of items, the
//     [Work] done on each and its [Result]. The
//     workloads that drive the variants, and check that a fixed variant
//     delivers every item exactly once, also when it is cancelled or an
//     item fails half-way, live in internal/prodconstest, out of this
//     package's API.
//
// Each variant's doc has one paragraph that starts "Broken:" or "Fixed:"
// and names the detector that reports it. The code is plain Go, as it
// would ship. Where a bad interleaving happens, a comment on a line of
// its own says so; the tests' builds make that line a point where a
// workload can hold the goroutine (internal/points), and go-deadlock
// judges a build of its own with sync's mutexes swapped for its
// (conctest/swap).
package prodcons
