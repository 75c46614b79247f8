package conctest

// A Verdict is what one detector said about one run. The names are the
// project's single vocabulary: the catalog, the tests, the matrix and the
// README all use them.
type Verdict string

// The verdicts, with the detector that gives each one and the marker that
// shows it in a child's output.
const (
	// Clean: no detector reported anything.
	Clean Verdict = "Clean"
	// Race: the race detector ("WARNING: DATA RACE"), or the runtime's
	// "fatal error: concurrent map" check.
	Race Verdict = "Race"
	// Leak: goleak ("found unexpected goroutines").
	Leak Verdict = "Leak"
	// LockOrder: go-deadlock ("POTENTIAL DEADLOCK: Inconsistent locking").
	LockOrder Verdict = "LockOrder"
	// Recursive: go-deadlock ("POTENTIAL DEADLOCK: Recursive locking").
	Recursive Verdict = "Recursive"
	// LockTimeout: go-deadlock ("Have been trying to lock it again").
	LockTimeout Verdict = "LockTimeout"
	// Blocked: testing/synctest ("deadlock: all goroutines in bubble are
	// blocked", "main bubble goroutine has exited but blocked goroutines
	// remain").
	Blocked Verdict = "Blocked"
	// Panic: the runtime ("panic: ", "fatal error: ").
	Panic Verdict = "Panic"
	// Hang: the watchdog ("panic: test timed out after").
	Hang Verdict = "Hang"
	// Lost: the scenario's own invariant ("invariant violated: ").
	Lost Verdict = "Lost"
	// Vet: go vet or staticcheck (the analyzer's message).
	Vet Verdict = "Vet"
)

// verdicts lists every verdict in the order the documentation gives them.
var verdicts = []Verdict{Race, Leak, LockOrder, Recursive, LockTimeout, Blocked, Panic, Hang, Lost, Vet, Clean}

// A Detector is one of the tools whose findings make up a Report.
type Detector string

// The detectors, one per column of the detector matrix.
const (
	RaceDetector Detector = "race"
	Goleak       Detector = "goleak"
	GoDeadlock   Detector = "go-deadlock"
	Synctest     Detector = "synctest"
	Runtime      Detector = "runtime"
	Invariant    Detector = "invariant"
	Watchdog     Detector = "watchdog"
	Static       Detector = "static"
	// LeakProfile is Go 1.26's experimental goroutine leak profile
	// (GOEXPERIMENT=goroutineleakprofile): goroutines blocked on
	// primitives nothing reachable can release. It reports Leak.
	LeakProfile Detector = "leak-profile"
)

// detectors lists every detector in matrix order.
var detectors = []Detector{RaceDetector, Goleak, GoDeadlock, Synctest, Runtime, Invariant, Watchdog, LeakProfile, Static}

// Detector names the tool that usually gives v (Leak: goleak; the leak
// profile's findings carry their own detector). Clean belongs to none.
func (v Verdict) Detector() Detector {
	switch v {
	case Race:
		return RaceDetector
	case Leak:
		return Goleak
	case LockOrder, Recursive, LockTimeout:
		return GoDeadlock
	case Blocked:
		return Synctest
	case Panic:
		return Runtime
	case Hang:
		return Watchdog
	case Lost:
		return Invariant
	case Vet:
		return Static
	}
	return ""
}

// valid reports whether v is one of the vocabulary's verdicts.
func (v Verdict) valid() bool {
	for _, w := range verdicts {
		if v == w {
			return true
		}
	}
	return false
}
