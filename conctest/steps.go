package conctest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A call makes up to three runs: fn's plain run, with Bubble its run in a
// bubble, and for a ProveClean with a Twin, the twin's run. Each used to
// get a child of its own. A race-built child costs 26 to 44 ms of CPU to
// start and exit before it runs a line of the test, most of it the race
// runtime's (57 to 71 ms before racestart), and re-runs the test's body
// to reach its call: one child that makes the call's runs in turn does
// that once.
//
// The child goes on to the next run only if the last left the process as
// a new one would be: any finding but a wrong result that fn returned
// (Lost) ends it, and so does an error of the engine's or a note. A
// Leak, a Hang or a bubble's deadlock leaves goroutines behind, a panic
// ends the process, and the race detector reports a pair of racing
// stacks once per process, so a later run that made the same race would
// go unreported. The runs it did not make get a child each, all at once,
// as before. fn's own runs go first and the twin's last, which is meant
// to find something.
//
// Each run's records carry its mode; its race reports are the part of
// the race logs written between its begin and end records, which give
// the logs' sizes; its output is the part of the child's between its two
// marker lines. CONCTEST_STEPS=off gives each run a child of its own.

// A step is one run a call makes.
type step struct {
	mode string
	cfg  config // the call's
	want Verdict
}

// runCfg is the configuration the step runs with: the twin's, for the
// twin's run.
func (s step) runCfg() config {
	if s.mode == modeTwinPlain || s.mode == modeTwinBubble {
		return s.cfg.forTwin()
	}
	return s.cfg
}

// ownSteps are a call's runs of fn: the plain run and, with Bubble, the
// bubble run.
func ownSteps(cfg config, want Verdict) []step {
	s := []step{{modePlain, cfg, want}}
	if cfg.bubble {
		s = append(s, step{modeBubble, cfg, want})
	}
	return s
}

// twinStep is the run of a call's twin: in a bubble where the call runs
// in one, or the twin must be Blocked, which only a bubble shows; but
// never a twin that must Leak, as goleak does not look in a bubble.
func twinStep(cfg config) step {
	mode := modeTwinPlain
	if (cfg.bubble || cfg.twin.want == Blocked) && cfg.twin.want != Leak {
		mode = modeTwinBubble
	}
	return step{mode, cfg, cfg.twin.want}
}

// modeSteps is the mode of a child that makes all its call's runs.
const modeSteps = "steps"

// stepsOn reports whether a call's runs may share a child: not where
// go-deadlock is linked, whose lock-order graph outlives a run and is
// keyed by the mutexes' addresses, which the next run's mutexes may reuse.
var stepsOn = sync.OnceValue(func() bool {
	return os.Getenv("CONCTEST_STEPS") != "off" && !deadlockLinked()
})

// runSteps makes a call's runs: in one child, in turn, as far as it can
// go; the rest each in a child of its own, all at once.
func runSteps(t testing.TB, id string, steps []step) []*Report {
	t.Helper()
	reports := make([]*Report, len(steps))
	if len(steps) > 1 && stepsOn() {
		spawnSteps(t, id, steps, reports)
	}
	var wg sync.WaitGroup
	for i, st := range steps {
		if reports[i] == nil {
			wg.Go(func() { reports[i] = spawn(t, id, st.mode, st.runCfg(), st.want) })
		}
	}
	wg.Wait()
	return reports
}

// spawnSteps re-executes the test binary to make call id's runs in turn,
// and fills in the report of each run the child made.
func spawnSteps(t testing.TB, id string, steps []step, reports []*Report) {
	t.Helper()
	c, err := newChild(t, id, modeSteps, "")
	if err != nil {
		return // each run gets a child of its own, which says why
	}
	out, err := c.run(0) // each begin record gives its run's hard deadline
	if err != nil {
		return
	}
	for i, st := range steps {
		if r, ok := stepReport(out.ch, st.mode, c.tmp, out.stdout, out.stderr, id, out.err, out.killed); ok {
			reports[i] = r
		}
	}
}

// stepReport makes the report of the child's run in mode, if it made
// that run: its records, the part of the race logs in dir that its
// records name, and the child's output between its marker lines. A run
// the child began and never ended was its last: the crash or the kill
// that ended the child is that run's.
func stepReport(ch *channelReader, mode, dir, stdout, stderr, id string, err error, killed string) (*Report, bool) {
	var recs []channelRecord
	var begin, end *channelRecord
	for i, r := range ch.records {
		if r.Mode != mode {
			continue
		}
		recs = append(recs, r)
		switch r.Kind {
		case kindBegin:
			begin = &ch.records[i]
		case kindEnd:
			end = &ch.records[i]
		}
	}
	if begin == nil {
		return nil, false
	}
	to := map[string]int64(nil) // nil: the run never ended, its logs run to their ends
	elapsed := time.Duration(0)
	if end != nil {
		to, elapsed = end.Races, end.After
		if to == nil {
			to = map[string]int64{} // no log had been written
		}
		err, killed = nil, ""
	}
	r := &channelReader{records: recs}
	return readReport(r, raceSlice(dir, begin.Races, to), segment(stdout, begin.Run), segment(stderr, begin.Run), mode, id, err, killed, elapsed), true
}

// raceSlice is what the race logs in dir gained between the sizes in
// from and those in to (to nil: up to their ends).
func raceSlice(dir string, from, to map[string]int64) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var b strings.Builder
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, raceLogName+".") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		lo, hi := from[name], int64(len(data))
		if to != nil {
			end, ok := to[name]
			if !ok {
				continue // written after the run
			}
			hi = end
		}
		if lo < hi && hi <= int64(len(data)) {
			b.Write(data[lo:hi])
		}
	}
	return b.String()
}

// markerLine is the line a child writes on its stdout and stderr where
// run n begins or ends; n is in the run's begin record.
func markerLine(n int, edge string) string {
	return fmt.Sprintf("\nconctest: run %d %s\n", n, edge)
}

// segment is what out holds between run n's marker lines.
func segment(out string, n int) string {
	_, after, ok := strings.Cut(out, markerLine(n, "begins"))
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, markerLine(n, "ends"))
	return before
}

// serveSteps makes the call's runs in turn in this child, each between
// its begin and end records and marker lines, stops after a run that
// left the child unfit for another, and ends the child.
func serveSteps(t testing.TB, fn func() error, steps []step) {
	child.steps = true
	for n, st := range steps {
		child.step(st.mode)
		fmt.Fprint(os.Stdout, markerLine(n+1, "begins"))
		fmt.Fprint(os.Stderr, markerLine(n+1, "begins"))
		child.send(channelRecord{Kind: kindBegin, Run: n + 1, Limit: st.runCfg().hardDeadline(), Races: raceSizes()})
		if (st.mode == modeTwinPlain || st.mode == modeTwinBubble) && st.cfg.twin == nil {
			child.error("the parent asked for a twin this call does not have")
			finish()
		}
		runStep(t, st.mode, fn, st.cfg)
		fmt.Fprint(os.Stdout, markerLine(n+1, "ends"))
		fmt.Fprint(os.Stderr, markerLine(n+1, "ends"))
		if n == len(steps)-1 || child.unfit.Load() || raceLogged() {
			finish()
		}
		child.send(channelRecord{Kind: kindEnd, After: time.Since(child.began), Races: raceSizes()})
	}
}

// raceSizes is the size of each race log in this child's TMPDIR.
func raceSizes() map[string]int64 {
	m := map[string]int64{}
	entries, _ := os.ReadDir(raceDir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), raceLogName+".") {
			m[e.Name()] = info.Size()
		}
	}
	return m
}

// fitAfter reports whether a record leaves a child fit for another run
// of its call: a wrong result that fn returned does; any other verdict,
// a t.FailNow in fn, an error of the engine's or a note does not. (A race
// is no record: the child looks at its race logs after each run.)
func fitAfter(r channelRecord) bool {
	switch r.Kind {
	case kindFinding:
		return r.Verdict == Lost && !strings.Contains(r.Text, goexitLine)
	case kindError, kindNote:
		return false
	}
	return true
}
