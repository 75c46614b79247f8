package conctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// A child reports on a channel of its own: a file the parent made
// outside the child's TMPDIR, named to the child in an environment
// variable that Main reads and removes before any test runs, so neither
// the code under test nor a process it starts can find it. Each record
// is one JSON line, written in one write. What the code under test
// prints on stdout and stderr is context: shown, never read for a
// verdict.

// A record is one line of a child's channel.
type channelRecord struct {
	Kind     string   `json:"kind"` // one of the kind constants
	Verdict  Verdict  `json:"verdict,omitempty"`
	Detector Detector `json:"detector,omitempty"`
	Text     string   `json:"text,omitempty"`
	// A tries record: how many ran, how many Repeat allowed, how long
	// into the run, and whether they found something.
	Tries    int           `json:"tries,omitempty"`
	MaxTries int           `json:"max_tries,omitempty"`
	After    time.Duration `json:"after,omitempty"`
	// In a child that makes several runs of its call (see steps.go): the
	// run each record is of; a begin record's run number and hard
	// deadline; and, on begin and end records, the size of each race log.
	Mode  string           `json:"mode,omitempty"`
	Run   int              `json:"run,omitempty"`
	Limit time.Duration    `json:"limit,omitempty"`
	Races map[string]int64 `json:"races,omitempty"`
}

// Kinds of record.
const (
	kindBegin   = "begin"   // the child reached the call and starts fn
	kindEnd     = "end"     // fn's run is over, every detector asked
	kindFinding = "finding" // a detector's verdict, with its evidence
	kindError   = "error"   // a run the engine could not make as asked
	kindTries   = "tries"   // Repeat's count so far
	kindNote    = "note"    // what is no verdict: a bubble that could not judge
)

// The environment a parent gives a child. Main reads and removes it.
const (
	channelEnv   = "CONCTEST_CHANNEL" // the channel's path
	caseEnv      = "CONCTEST_CASE"    // the call to run: see callID
	modeEnv      = "CONCTEST_MODE"    // the run to make of it
	stopEnv      = "CONCTEST_STOP"    // stop at go-deadlock's first report
	replayEnv    = "CONCTEST_REPLAY"  // the results of the test's earlier calls
	stopDeadlock = "go-deadlock"
)

// The runs a child makes of its call.
const (
	modePlain  = "plain"
	modeBubble = "bubble"
	// A twin's runs: the broken code a fixed proof's workload must flag.
	modeTwinPlain  = "twin-plain"
	modeTwinBubble = "twin-bubble"
)

// childState is what a child process knows of its task. It is nil in a
// parent.
type childState struct {
	id, mode string
	stop     bool
	ch       *os.File
	replay   map[string]*Report
	reached  atomic.Bool // the call was found and run
	running  atomic.Bool // fn is running: a conctest call now is nested
	mu       sync.Mutex  // one record at a time

	// A child that makes several runs (see steps.go): the run now
	// running, when it began, the race logs' size then, and whether a
	// record has made the child unfit for another run.
	steps    bool
	run      string
	began    time.Time
	raceBase int64
	unfit    atomic.Bool
}

// step sets the run a child's records are of.
func (c *childState) step(mode string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.run = mode
	c.raceBase, c.began = raceLogSize(), time.Now()
}

var child *childState

// raceDir is the directory a child's race detector writes its log in:
// its TMPDIR as the parent set it, whatever the code under test does to
// the variable.
var raceDir string

// readChildEnv sets child from the environment, if this process is a
// child, and removes the variables, so that processes fn starts are no
// children of the engine's and the code under test cannot write the
// channel.
func readChildEnv() error {
	path := os.Getenv(channelEnv)
	if path == "" {
		return nil
	}
	c := &childState{id: os.Getenv(caseEnv), mode: os.Getenv(modeEnv), stop: os.Getenv(stopEnv) == stopDeadlock}
	replay := os.Getenv(replayEnv)
	for _, k := range []string{channelEnv, caseEnv, modeEnv, stopEnv, replayEnv} {
		os.Unsetenv(k)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("conctest: cannot open the channel to the parent: %v", err)
	}
	c.ch = f
	raceDir = os.Getenv("TMPDIR")
	if replay != "" {
		data, err := os.ReadFile(replay)
		if err == nil {
			err = json.Unmarshal(data, &c.replay)
		}
		if err != nil {
			return fmt.Errorf("conctest: cannot read the results of the test's earlier calls: %v", err)
		}
	}
	child = c
	return nil
}

// send writes one record on the child's channel.
func (c *childState) send(r channelRecord) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.steps && c.run != "" {
		r.Mode = c.run
		if !fitAfter(r) {
			c.unfit.Store(true)
		}
	}
	line, err := json.Marshal(r)
	if err != nil {
		line, _ = json.Marshal(channelRecord{Kind: kindError, Mode: r.Mode, Text: "cannot encode a record: " + err.Error()})
	}
	c.ch.Write(append(line, '\n'))
}

func (c *childState) finding(v Verdict, d Detector, evidence string) {
	c.send(channelRecord{Kind: kindFinding, Verdict: v, Detector: d, Text: evidence})
}

func (c *childState) error(format string, args ...any) {
	c.send(channelRecord{Kind: kindError, Text: fmt.Sprintf(format, args...)})
}

// channelReader reads the records a child has written so far: whole
// lines only, so a record being written is read once it is complete.
type channelReader struct {
	path    string
	off     int64
	records []channelRecord
	bad     []string
}

// poll reads what was added since the last call.
func (r *channelReader) poll() {
	f, err := os.Open(r.path)
	if err != nil {
		return
	}
	defer f.Close()
	if _, err := f.Seek(r.off, 0); err != nil {
		return
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		return
	}
	data := buf.Bytes()
	end := bytes.LastIndexByte(data, '\n')
	if end < 0 {
		return
	}
	r.off += int64(end + 1)
	for line := range strings.Lines(string(data[:end+1])) {
		var rec channelRecord
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			r.bad = append(r.bad, strings.TrimSpace(line))
			continue
		}
		r.records = append(r.records, rec)
	}
}
