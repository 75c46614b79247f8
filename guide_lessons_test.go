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
	"counter/mixed.go": {
		title: "Atomic adds, a plain read and reset",
		python: `def handle():
    global hits
    with lock:
        hits += 1           # the hot path takes the lock...

def report():
    global hits
    n = hits                # ...the report reads and resets without it
    hits = 0
    return n`,
		inGo: "The Go memory model calls two accesses to one location a data race when neither happens before the " +
			"other, one is a write, and at least one is not synchronizing: atomics order only accesses that are all " +
			"atomic. An `atomic.AddInt64` on the hot path and a plain read in the report race, and the race detector " +
			"reports the plain read against the atomic add. A Hit between the report's read and its reset is lost " +
			"too: with 4 goroutines of 2,000 Hits and a reporter flushing 2,000 times, in 56 of 100 runs on two " +
			"cores without -race, and in 0 of 100 on one. An `atomic.Int64` allows no plain access at all, and its " +
			"`Swap(0)` reads and resets in one step.",
	},
	"counter/torn.go": {
		title: "A torn string: a race on a two-word value",
		python: `class Health:
    def check(self):
        self.status = "degraded: replica lagging"   # rebinds one reference

    def page(self):
        return self.status                          # reads one reference`,
		inGo: "The Python FAQ counts `x.field = y` among the operations that are atomic in CPython: the attribute " +
			"holds one reference, replaced whole. A Go string is two words, a pointer and a length, and the Go " +
			"memory model lets a race on a multiword value (a string, a slice, an interface, a map) observe a mix " +
			"of two writes, which can corrupt memory. Measured without -race, on two cores: in 100 of 100 runs of " +
			"100,000 Sets against 100,000 Gets, some Get returned a torn status, such as the bytes of `up` with the " +
			"length of `degraded: replica lagging`, which reads 23 bytes past its end; in 56 of 100 runs of 10,000, " +
			"and 0 of 100 of 1,000. On one core, 0 of 100 runs of 100,000; under -race, 0 of 100 on either. So the " +
			"invariant cannot prove this bug, and the race detector reports the race on every run. " +
			"`atomic.Value` (or `atomic.Pointer[T]` for a struct, or a mutex) gives each Get one Set, whole.",
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
	"locks/checkact.go": {
		title: "Check, then act: two steps, each safe",
		python: `if name not in owners:      # another thread may check here too
    owners[name] = me`,
		inGo: "Each call on a `sync.Map` is safe for concurrent use, and so is each step taken under a lock, but " +
			"a check and the act it decides are two steps: two goroutines both find the name free, both store it, " +
			"and each is told it won. No access is unsynchronized, so the race detector is silent; only the " +
			"invariant (one winner, and the owner recorded is the winner) sees the bug, and the tests hold the " +
			"first Claim between its check and its store. Make the pair one step: `LoadOrStore`, or one critical " +
			"section around both, Python's `with lock:` around both lines.",
	},
	"locks/escape.go": {
		title: "A slice that escapes its lock",
		python: `def subscribers(self):
    with self._lock:
        return self._subs       # the list itself; list(self._subs) is a copy`,
		inGo: "Returning a slice copies its header (pointer, length, capacity), which looks like a copy, but the " +
			"backing array is shared: the caller reads, after Unlock, the array the lock guards, while an " +
			"Unsubscribe shifts it in place under the lock (`slices.Delete` moves the later elements down and zeroes " +
			"the last). The race detector reports the caller's read against that write, and the invariant sees the " +
			"caller's list change from [a b c] to [b c \"\"]. Return `slices.Clone` (`maps.Clone` for a map), made " +
			"under the lock. A full slice expression, `s[:len(s):len(s)]`, copies nothing: it only keeps an append " +
			"from writing into the shared array, and the same run reports it.",
	},
	"locks/sendlocked.go": {
		title: "A lock held across a channel send",
		python: `def post(msg):
    with lock:
        posted += 1
        q.put(msg)          # q = Queue(maxsize=1), full: waits for a get()...

def read():
    with lock:              # ...which waits for the lock first
        read_count += 1
    return q.get()`,
		inGo: "An unbuffered send waits for a receiver, as `put` on a full queue waits for a `get`. If the sender " +
			"holds a lock that the receiver takes before it receives, each waits for the other forever. go-deadlock " +
			"reports LockTimeout at the reader's Lock, naming Post's Lock as the one held and showing Post in its " +
			"send; the watchdog finds both goroutines stuck, and goleak finds them left over. Unlock before the " +
			"send: hold no lock across anything that blocks (a send, a receive, a Wait) or calls code you do not " +
			"control.",
	},
	"locks/once.go": {
		title: "Double-checked initialization",
		python: `_rates = None
_lock = threading.Lock()

def rates():
    global _rates
    if _rates is None:          # checked without the lock
        with _lock:
            if _rates is None:
                _rates = load()
    return _rates`,
		inGo: "The Python FAQ counts `x = y` among CPython's atomic operations, and this module-level cache is a " +
			"common idiom. The Go memory model uses the same idiom as an example of incorrect synchronization: a " +
			"goroutine that observes the write of the flag need not observe the writes made before it. The unlocked " +
			"read of the table races with the write under the lock, and the race detector reports it whenever two " +
			"goroutines make the first call at once. `sync.Once` is the idiom: its doc says that the return from the " +
			"func it runs is synchronized before the return from every call of Do. `sync.OnceValue(load)` does the " +
			"same for a package-level value.",
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
			"other process retries it, sleeping between tries, until it gives up. The kernel releases an `flock(2)` " +
			"when its holder's file is closed, which dying does.",
	},
	"sharedmem/message.go": {
		title: "Lambdas can't be pickled",
		python: `r = pool.apply_async(lambda x: x * 2, (21,))
r.get()   # the PicklingError is raised here, at get(), not at apply_async`,
		inGo: "`encoding/gob` sends data, never funcs or channels: a func field is dropped, and the worker would call " +
			"nil. Submit refuses such a task before a byte is written; the fix names its work (an operation and " +
			"its operands) as data.",
	},
	"capture/loopvar.go": {
		title: "A loop variable shared by every goroutine (Go before 1.22)",
		python: `squares = []
for x in [1, 2, 3, 4]:
    squares.append(lambda: x * x)   # reads x when called, not when made
[f() for f in squares]              # [16, 16, 16, 16]`,
		inGo: "A Go closure, like a Python lambda, refers to the variables it names, not to their values: the " +
			"Python FAQ's \"Why do lambdas defined in a loop with different values all return the same result?\". " +
			"Before Go 1.22 a `for` loop declared its variables once, so every goroutine started in the loop reads " +
			"the one `x`, while the loop writes it: a data race, and squares of the wrong element (`[16 16 16 16]` " +
			"in every run measured here). A file still gets those semantics when its Go version is older than 1.22, " +
			"from go.mod or from a `//go:build go1.21` line (`go help buildconstraint`), as this one has. go vet's " +
			"loopclosure checks only the last statement of a loop's body: here that is the append, and vet is " +
			"silent. Passing `x` as an argument copies it when the goroutine is started, as Python's " +
			"`lambda x=x: x * x` binds it when the lambda is made.",
		// The sheet drops the file's build constraint, on which the answer
		// turns: the question says it.
		question: "Both versions are in a file that starts with `//go:build go1.21`, which makes its Go version " +
			"1.21 (`go help buildconstraint`). Run each with real parallelism: what can happen that its caller " +
			"would not expect? Describe one schedule that shows it.",
	},
	"capture/periteration.go": {
		title:  "Go 1.22: a loop variable per iteration",
		python: `# no Python counterpart: a Python for loop rebinds its one name x in each iteration`,
		inGo: "Since Go 1.22 each iteration of a `for` loop has its own variables, initialized from the previous " +
			"iteration's (the Go spec, \"For statements\"), so the very code of `OneVarPerLoop` is correct in a " +
			"file whose Go version is 1.22 or later, as this module's go.mod (go 1.26.8) makes every file without " +
			"a lower build constraint. go vet's loopclosure reports nothing there (the Go 1.22 release notes). The " +
			"fix is in the file's Go version, not in the loop: a review of the loop alone cannot see it.",
	},
	"capture/sharederr.go": {
		title: "One err written by every goroutine",
		python: `err = None

def check(task):
    global err              # one name for every thread
    try:
        task()
    except Exception as e:
        err = e`,
		inGo: "A Go closure captures the variable `err` itself, so every goroutine writes the same one. Go has no " +
			"GIL: two failing tasks write it at the same moment, a data race that the race detector reports on " +
			"every run here. An interface value is two words, and the Go memory model warns that a race on one " +
			"can leave a value no write made. Give each goroutine a slot of its own, `errs[i]`, and join them " +
			"after `Wait`; or let `errgroup` keep the first error.",
	},
	"capture/namedresult.go": {
		title: "A goroutine that writes its caller's named results",
		python: `result = None

def work():
    global result
    result = fetch()        # may land after the caller gave up

t = threading.Thread(target=work); t.start()
t.join(timeout=1)           # the thread runs on, and still writes result`,
		inGo: "A goroutine that assigns the named results of the function that started it keeps writing them after " +
			"that function has timed out and returned, while the return writes them too: a data race, which the " +
			"race detector reports on every run here. The caller gets its copy at the return, and no run " +
			"measured here gave it the worker's values, but nothing orders the writes. The goroutine writes variables of its own, and " +
			"the caller reads them only after the goroutine has closed `done`.",
	},
	"capture/fatal.go": {
		title: "t.Fatal in a goroutine ends the goroutine, not the test",
		python: `def test_checks(self):
    def worker():
        self.fail("check failed")   # raises in the worker thread
    t = threading.Thread(target=worker); t.start(); t.join()
# unittest (Python 3.11, measured): the thread's traceback is printed, and the test passes`,
		inGo: "`t.Fatal` calls `runtime.Goexit`, which ends the goroutine that calls it, and it must be called from " +
			"the test's goroutine (`go doc testing.T.FailNow`). From a goroutine a helper started, it marks the " +
			"test failed and ends that goroutine only: measured with `go test`, the test is reported FAIL with the " +
			"check's message, after the code that follows the helper has run. Had the goroutine called " +
			"`wg.Done()` after the check, neither deferred nor through `wg.Go`, `Wait` would never return: `go test` hangs until its `-timeout` and, without `-v`, never prints the " +
			"message. go vet's testinggoroutine and staticcheck's SA2002 report `t.Fatal` in a go statement's " +
			"function in a function that takes a `*testing.T`; a helper that takes a `testing.TB`, a " +
			"`wg.Go`, or a helper called inside the goroutine each hides it from both (measured). Report " +
			"with `t.Error` from any goroutine, or send the errors back, and stop on the test's goroutine.",
		// Test helpers: what goes wrong is what the test does next.
		question: "A test calls each version on its own goroutine, with three checks of which one fails. Does " +
			"the call return? What runs next in the test, and what does `go test` report?",
	},
}
