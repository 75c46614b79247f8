package racelab

// The prose of the guide: for each lesson file, the Python idiom it
// answers and what changes in Go. Everything else on a page (code, diffs,
// reports, verdicts) comes from the source and from the run that makes
// the guide. TestGuideCoversEveryLesson checks that every lesson file of
// the catalog has an entry here, and nothing else does.

// A lesson is one lesson file's prose.
type lesson struct {
	title  string // what the lesson is about, in a few words
	python string // the Python idiom, as a tutorial writes it
	inGo   string // what changes in Go, in a paragraph
	// question is the first question of the lesson's exercise sheet,
	// where the general one (what goes wrong under real parallelism)
	// would miss the lesson.
	question string
}

var lessons = map[string]lesson{
	"counter/lostupdate.go": {
		title: "Lost updates: n++ from many goroutines",
		python: `counter = 0
lock = threading.Lock()

def work():
    global counter
    for _ in range(100_000):
        with lock:          # without it, the total comes out short
            counter += 1`,
		inGo: "`+=` is a load, an add and a store. In Python the GIL runs one thread at a time, so the total comes " +
			"out short only when a thread switch lands between them. Go has no GIL: two cores run `n++` at the same " +
			"moment, and the Go memory model calls the unsynchronized access a data race. A racing read of one word " +
			"still observes a value some write stored, so the total comes out short rather than corrupt; which " +
			"increments survive is the schedule's choice, and that is the bug. (Free-threaded CPython, 3.13t and " +
			"later, has no GIL either.) `with lock:` becomes `mu.Lock(); defer mu.Unlock()`, or one atomic add.",
	},
	"counter/halflocked.go": {
		title: "Half locked: writes under the lock, reads without",
		python: `def value():
    return counter          # "reading an int is atomic under the GIL"`,
		inGo: "In CPython reading a variable is one bytecode, so an unlocked read of a counter seems harmless. In Go " +
			"a read that does not hold the lock the writers hold is not ordered after their writes: it is a data race " +
			"even if every write is locked, and it may see a stale or torn value. Every access takes the lock, " +
			"reads too.",
	},
	"counter/loadstore.go": {
		title: "Atomic loads and stores that still lose updates",
		python: `v = counter.value          # multiprocessing.Value: each access is locked...
counter.value = v + 1      # ...but the two together are not`,
		inGo: "Each `Load` and `Store` is atomic, so the race detector sees no data race, yet another goroutine's " +
			"increment can land between them and be overwritten. The read-modify-write must be one operation: " +
			"`Add`, or a `CompareAndSwap` loop that retries when the value moved. Only the invariant (the total) " +
			"sees this bug.",
	},
	"counter/sharded.go": {
		title:  "Sharding a hot counter",
		python: `# no Python counterpart: under the GIL one counter is never contended by two cores`,
		inGo: "On many cores one atomic word becomes a bottleneck: every increment moves its cache line between cores. " +
			"A sharded counter spreads the increments over shards (each Inc picks one at random, so two cores " +
			"rarely touch the same one) and sums them on read. It is a fix only if every " +
			"shard is itself updated atomically; its proof is the same forced interleaving as the atomic counter's.",
	},
	"locks/reentrant.go": {
		title: "Re-locking a held mutex (Python's RLock)",
		python: `lock = threading.RLock()

def deposit(n):
    with lock:
        balance_add(n)

def balance_add(n):
    with lock:              # RLock: the same thread may lock again
        ...`,
		inGo: "Go has no reentrant mutex: a goroutine that locks a `sync.Mutex` it already holds blocks forever, and " +
			"no one else can unlock it. The Go idiom locks once, at the exported boundary, and calls unexported " +
			"`...Locked` helpers that assume the lock is held.",
	},
	"locks/rlock.go": {
		title: "A nested RLock while a writer waits",
		python: `# threading.RLock is re-entrant; sync.RWMutex.RLock is a *reader* lock,
# a different tool with a similar name`,
		inGo: "`RWMutex.RLock` lets many readers in at once, but once a writer is waiting, new readers queue behind " +
			"it. A goroutine that holds a read lock and asks for a second one then waits for the writer, which waits " +
			"for the first read lock to be released: a deadlock that happens only when a writer arrives between the " +
			"two RLocks. Take the read lock once, at the boundary.",
	},
	"locks/rwwrite.go": {
		title:  "A write under the read lock",
		python: `# Python's RLock has no read mode; this bug is new in Go`,
		inGo: "A read lock admits many goroutines at once, so a write done while holding only `RLock` races with " +
			"every other reader and writer under it. Writes take `Lock`.",
	},
	"locks/lockorder.go": {
		title: "Lock order: transfers both ways round",
		python: `def transfer(a, b, n):
    with a.lock:
        with b.lock:        # transfer(x, y) and transfer(y, x) at once: deadlock
            ...`,
		inGo: "The same AB-BA deadlock exists in Go, with no GIL to make it rarer. go-deadlock records the order in " +
			"which each goroutine takes locks and reports an inversion on a run that never deadlocks. The fix takes " +
			"both locks in one global order, by account ID.",
	},
	"locks/unlock.go": {
		title: "An early return that keeps the lock",
		python: `lock.acquire()
if balance < n:
    return                  # never released; "with lock:" would have released it
lock.release()`,
		inGo: "Python's `with` releases the lock on every path. Go's equivalent is `defer mu.Unlock()` right after " +
			"`Lock`: without it, an early return or a panic leaves the mutex locked, and every later caller waits " +
			"forever.",
	},
	"locks/copylock.go": {
		title:  "A mutex copied by value",
		python: `# objects are references in Python: a method never gets a copy of self`,
		inGo: "A method with a value receiver gets a copy of the struct, lock included, so each call locks a lock of " +
			"its own and the shared state is not protected at all. go vet's copylocks check rejects the code; the " +
			"fix uses pointer receivers.",
		// The code compiles and runs, so "what goes wrong" would be
		// answered "go vet rejects it": the sheet asks what the locks do.
		question: "Several goroutines call `Add` on the same gauge at once, while another sums a slice of gauges " +
			"with `TotalOf`. Which of these calls exclude each other? Which mutex does each call lock, and which `n` " +
			"does each one change?",
	},
	"locks/semaphore.go": {
		title: "Semaphores: a bound, and a permit that must come back",
		python: `sem = threading.Semaphore(4)

def task():
    with sem:               # released on every path
        fetch()`,
		inGo: "A buffered channel or `golang.org/x/sync/semaphore.Weighted` bounds how many goroutines do something " +
			"at once. Without a bound, one goroutine per task runs them all at once; with a permit released only " +
			"on success, an error path leaks it and the pool shrinks until everyone waits. Release with `defer`.",
	},
	"locks/event.go": {
		title: "threading.Event in Go",
		python: `ready = threading.Event()

def waiter():
    ready.wait()            # returns once some thread has called set()

def setter():
    ready.set()             # wakes every waiter; set() may be called again`,
		inGo: "A polled boolean is a data race in Go (and an empty polling loop may never see the change). Closing a " +
			"channel is Go's event: every receiver wakes, now and later; but closing twice panics, so `Set` closes " +
			"under a `sync.Once`, or the event is a `context.Context` and `Set` is its cancel func.",
	},
	"locks/cond.go": {
		title: "Condition variables: wait in a loop, under the lock",
		python: `with cond:
    while not items:        # a loop, not an if
        cond.wait()
    item = items.pop(0)`,
		inGo: "`sync.Cond` has Python's rules: `Wait` needs the lock held, must be called in a loop that rechecks the " +
			"condition (another waiter may run first), and a state change that every waiter must see needs " +
			"`Broadcast`, not `Signal`. Often a channel is the simpler tool.",
	},
	"prodcons/sentinel.go": {
		title: "Queue with a None sentinel",
		python: `for _ in range(n_workers):
    q.put(None)             # one sentinel per consumer

def consumer():
    while (item := q.get()) is not None:
        handle(item)`,
		inGo: "A channel is the queue. One sentinel for many consumers stops one of them and leaves the others " +
			"blocked forever in a receive: a goroutine leak, which goleak and synctest report. One sentinel per " +
			"consumer works; closing the channel, which every `range` loop sees, is the Go idiom.",
	},
	"prodcons/abandon.go": {
		title:  "An abandoned producer",
		python: `# a consumer stops early; the producer blocks in q.put() on a full queue`,
		inGo: "When consumers stop early (an error, a cancel), a producer blocked in a send on an unbuffered or full " +
			"channel stays blocked forever. Every send that may be abandoned selects on a done channel or a " +
			"context; `errgroup.WithContext` gives one for free.",
	},
	"prodcons/closer.go": {
		title: "Who closes the channel",
		python: `q.shutdown()   # Python 3.13 and later: put() raises ShutDown at once,
               # get() once the queue is empty; any thread may call it`,
		inGo: "Go's close is Python's shutdown with one difference that matters: sending on a closed channel " +
			"panics, and so does closing one twice. A consumer that closes, or each " +
			"producer closing when it is done, crashes the others. The one owner closes: after every producer has " +
			"finished, when a `WaitGroup` says so.",
	},
	"prodcons/timeout.go": {
		title: "A worker whose caller timed out",
		python: `future = executor.submit(fetch)
future.result(timeout=1)    # on timeout the worker still runs, and finishes`,
		inGo: "In Go the worker sends its result on a channel. If the caller has given up, an unbuffered send blocks " +
			"forever and the goroutine leaks, once per timed-out call. A buffer of one lets the send complete; a " +
			"select on the context lets the worker give up too.",
	},
	"prodcons/waitgroup.go": {
		title: "task_done and join: WaitGroup.Add",
		python: `q.task_done()   # in the consumer
q.join()        # in the producer: waits for every task_done`,
		inGo: "`wg.Add` inside the goroutine races with `wg.Wait`: `Wait` may see a zero count before any goroutine " +
			"has started and return too early. `Add` happens before `go`, or `wg.Go` does both.",
	},
	"prodcons/unbounded.go": {
		title: "Don't start a thousand workers",
		python: `with ThreadPoolExecutor(max_workers=8) as pool:
    pool.map(handle, items)`,
		inGo: "Goroutines are cheap, but what they hold is not: one per item opens every connection or file at once. " +
			"A fixed pool of workers reading one channel, or `errgroup.SetLimit`, bounds it.",
	},
	"prodcons/pool.go": {
		title: "Executor.map and as_completed",
		python: `results = list(pool.map(f, items))        # input order
for fut in as_completed(futures):          # completion order
    use(fut.result())`,
		inGo: "Workers that write results into a shared map or append to a shared slice race (and a map written by " +
			"two goroutines crashes the runtime). Give each item its own slot in a slice made beforehand, for input " +
			"order, or send results on a channel, for completion order.",
	},
	"prodcons/pipeline.go": {
		title: "Fetch, then process: a pipeline",
		python: `pages = [fetch(u) for u in urls]    # first every fetch...
results = [parse(p) for p in pages] # ...then every parse`,
		inGo: "Running the second stage only after the first has finished holds every item in memory and leaves a " +
			"stage idle. Connect the stages with a channel and run them at once; the first stage closes the " +
			"channel when it is done.",
	},
	"prodcons/deadline.go": {
		title: "A batch deadline: time.After in a loop",
		python: `deadline = time.monotonic() + wait
while len(batch) < max_items:
    left = deadline - time.monotonic()   # get(timeout=wait) would start over at each item
    try:
        batch.append(q.get(timeout=max(left, 0)))
    except queue.Empty:
        break`,
		inGo: "`case <-time.After(wait)` inside the loop is `q.get(timeout=wait)` inside the loop: each time round starts " +
			"a new timer, so the wait begins again at every item and a producer a little faster than `wait` keeps the " +
			"batch open until it is full. Make the timer once, before the loop. What used to be the other cost is gone: " +
			"as of Go 1.23 the garbage collector recovers unreferenced, unstopped timers, and `go doc time.After` says " +
			"there is no reason to prefer `NewTimer` when `After` will do. No detector sees the reset deadline; a check " +
			"of the batch does, exactly in a synctest bubble, where the producer's pace and the timers share one fake clock.",
	},
	"prodcons/ticker.go": {
		title: "Stopping a ticker does not end its loop",
		python: `def poll_every(interval):
    poll()
    global timer
    timer = threading.Timer(interval, poll_every, [interval])
    timer.start()

timer.cancel()   # only works while the timer is still waiting`,
		inGo: "`Ticker.Stop` stops the ticks but does not close `C` (`go doc time.Ticker.Stop`), so a goroutine that ranges " +
			"over `C` waits forever after Stop: a leak per poller, which goleak and synctest report. Since Go 1.23 an " +
			"unstopped ticker nobody references is garbage, but the waiting goroutine references it. Select on `C` and a " +
			"done channel, stop the ticker on the way out, and have stop wait for the goroutine to return.",
	},
	"prodcons/timerreset.go": {
		title: "Timer.Reset, and the drain Go 1.23 made unnecessary",
		python: `while True:
    try:
        batch.append(q.get(timeout=idle))
    except queue.Empty:
        flush(batch)
        batch = []`,
		inGo: "Before Go 1.23 a timer's channel had a buffer of one, and the docs prescribed `if !t.Stop() { <-t.C }` before " +
			"`Reset` to drain a stale tick. That drain blocks forever when the tick was already received, as by a select's " +
			"idle case: the bug that remains. As of Go 1.23 (a go.mod that says 1.23 or later) the channel is " +
			"unbuffered, and after `Stop` or `Reset` returns no stale tick is received (`go doc time.Timer.Reset`): call " +
			"`Reset` alone. `GODEBUG=asynctimerchan=1` brings the old channel back, and testing/synctest refuses to run " +
			"with it.",
	},
	"prodcons/context.go": {
		title: "A goroutine that its caller's context must end",
		python: `stop = threading.Event()

def watch():
    while not stop.is_set():
        handle(feed.get())   # blocks: a stop set meanwhile is not seen`,
		inGo: "Go's `context` is Python's stop Event made part of every call, and like the Event it ends only what checks " +
			"it. A goroutine must get the caller's context (not one from `context.Background()`), wait for items in a " +
			"select with `ctx.Done()` (a check of `ctx.Err()` between receives misses a cancel that comes during one), and " +
			"whoever stops it must cancel before waiting for it: `defer cancel()` before a `Wait` runs after it. go vet's " +
			"lostcancel analyzer sees a cancel that is discarded or unused on some path, not one called too late; goleak " +
			"and synctest see the goroutine left waiting.",
	},
	"prodcons/gopanic.go": {
		title: "A panic in a goroutine ends the program",
		python: `def worker(item):
    parse(item)   # raises on a bad item

t = threading.Thread(target=worker, args=(bad,))
t.start()         # threading.excepthook prints the exception; the thread dies, the process lives`,
		inGo: "In Python an uncaught exception ends its thread only: `threading.excepthook` prints it (the exception " +
			"goes to `sys.stderr`) and the other threads go on. In Go a panic that no deferred `recover` in its own " +
			"goroutine stops ends the whole program, and nothing the caller of `Wait` does can recover it. errgroup does " +
			"not recover panics either (x/sync v0.24.0: a comment in its Go says propagating them creates more problems " +
			"than it solves), and `wg.Go`'s doc says its function must not panic. Where one bad input must not take the " +
			"process down, defer a recover at the top of each worker and return the panic, with its stack, as the " +
			"worker's error.",
	},
	"prodcons/selects.go": {
		title: "Select: a nil channel, and a default that spins",
		python: `try:
    result = await asyncio.wait_for(fetch(), timeout=60)
except TimeoutError:
    ...`,
		inGo: "A send or receive on a nil channel blocks forever, and a select case on one is never chosen: a result " +
			"channel left nil turns every call into a timeout and leaves the worker blocked, which goleak and synctest " +
			"report. A select with a `default` in a loop never blocks: it spins a core while it waits, and no detector " +
			"that looks for blocked goroutines can see that, since nothing blocks. staticcheck flags an empty default in " +
			"a for+select loop (SA5004), not one that calls `runtime.Gosched`; here a check that samples the caller's " +
			"goroutine state while it waits never finds it blocked. Make the channel, and let the " +
			"select block.",
	},
	"prodcons/donetwice.go": {
		title:  "wg.Done called twice",
		python: `q.task_done()   # called once more than there were items: ValueError`,
		inGo: "Python's `task_done` raises `ValueError` when called more times than there were items placed in the " +
			"queue. Go's WaitGroup counter, decremented once too often, first lets `Wait` return while a goroutine still " +
			"runs, then panics, `sync: negative WaitGroup counter`, when the last `Done` takes it below zero (`go doc " +
			"sync.WaitGroup.Add`: if the counter goes negative, Add panics), which ends the program. Keep the one deferred " +
			"`Done`, or start the goroutine with `wg.Go`, which leaves no `Done` to write.",
	},
	"sharedmem/counter.go": {
		title: "multiprocessing.Value between processes",
		python: `v = Value('i', 0)
def work(v):
    with v.get_lock():      # without it, updates are lost between processes
        v.value += 1`,
		inGo: "The workers here are real processes sharing a memory-mapped file, and the race detector sees neither " +
			"another process nor mapped memory: only the invariant (the total) shows the lost update. The fixes are " +
			"an atomic add on the mapped word, `flock(2)` (Python's `get_lock()`), or an owner process that alone " +
			"holds the count (a Manager).",
	},
	"sharedmem/array.go": {
		title: "An Array doubled in place",
		python: `arr = Array('i', range(10))
# workers share an index: i = next.value; next.value += 1; arr[i] *= 2`,
		inGo: "Workers that claim elements through a shared cursor without a lock double some elements twice and " +
			"others not at all. Lock the cursor, or give each worker its own partition of the array.",
	},
	"sharedmem/global.go": {
		title: "Processes don't share memory",
		python: `counter = 0
def work():
    global counter
    counter += 1            # in the child: the parent's counter stays 0`,
		inGo: "A child process has its own copy of every package variable; a change it makes stays in the child. " +
			"Between goroutines the variable is shared (under a lock); between processes the result must be sent " +
			"back as a message.",
		// Nothing runs in parallel here: what goes wrong is where visit runs.
		question: "A caller runs `Visit`, and once it has returned, reads `visits`. What does it read, and why? " +
			"Where, and when, does `visit` run?",
	},
	"sharedmem/crash.go": {
		title:  "A lock in shared memory and a crashed holder",
		python: `# a worker killed while holding a multiprocessing.Lock: the others wait forever`,
		inGo: "A spin lock in mapped memory is just a word: if its holder is killed, nothing releases it and every " +
			"other process spins forever. The kernel releases an `flock(2)` when its holder's file is closed, " +
			"which dying does.",
	},
	"sharedmem/message.go": {
		title: "Lambdas can't be pickled",
		python: `r = pool.apply_async(lambda x: x * 2, (21,))
r.get()   # the PicklingError is raised here, at get(), not at apply_async`,
		inGo: "`encoding/gob` sends data, never funcs or channels: a func field is dropped, and the worker would call " +
			"nil. Submit refuses such a task before a byte is written; the fix names its work (an operation and " +
			"its operands) as data.",
	},
}
