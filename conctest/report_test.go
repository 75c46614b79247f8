package conctest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The files in testdata are real child outputs, recorded from Diagnose
// runs of the controls in selftest_test.go (a plain run, then a synctest
// run); those in testdata/trimpath were recorded under go test -race
// -trimpath, where go-deadlock cannot read its sites' sources and the
// standard library's files print without GOROOT.
func TestParseRecorded(t *testing.T) {
	tests := []struct {
		file  string
		want  []Verdict
		blame map[Verdict]string
	}{
		{"race.txt", []Verdict{Race}, map[Verdict]string{Race: "conctest.racyIncrement"}},
		{"leak.txt", []Verdict{Leak, Blocked}, map[Verdict]string{Leak: "conctest.leakySend", Blocked: "conctest.leakySend"}},
		{"lockorder.txt", []Verdict{LockOrder}, map[Verdict]string{LockOrder: "conctest.lockPair"}},
		{"recursive.txt", []Verdict{Leak, Recursive, LockTimeout, Hang}, map[Verdict]string{Recursive: "conctest.lockTwice", Hang: "conctest.lockTwice"}},
		{"locktimeout.txt", []Verdict{Leak, LockTimeout, Hang}, map[Verdict]string{LockTimeout: "conctest.lockHeldElsewhere"}},
		{"hang.txt", []Verdict{Leak, Blocked, Hang}, map[Verdict]string{Hang: "conctest.waitForever", Blocked: "conctest.waitForever"}},
		{"panic.txt", []Verdict{Panic}, map[Verdict]string{Panic: "conctest.closeTwice"}},
		{"lost.txt", []Verdict{Lost}, map[Verdict]string{Lost: "wrongTotal"}},
	}
	for _, tt := range tests {
		for _, file := range []string{tt.file, "trimpath/" + tt.file} {
			if tt.file == "lost.txt" && file != tt.file {
				continue // no stack, no path: nothing -trimpath changes
			}
			t.Run(file, func(t *testing.T) {
				out, err := os.ReadFile(filepath.Join("testdata", file))
				require.NoError(t, err)
				r := &Report{Findings: parse(string(out), "recorded"), Output: string(out)}
				assert.Equal(t, tt.want, r.Verdicts())
				for v, fn := range tt.blame {
					assert.NoError(t, r.Check(v, fn))
				}
				assert.Error(t, r.Check(Race, "no.SuchFunction"))
			})
		}
	}
}

func TestParseMarkers(t *testing.T) {
	tests := []struct {
		line string
		want Verdict
	}{
		{"WARNING: DATA RACE", Race},
		{"fatal error: concurrent map writes", Race},
		{"fatal error: concurrent map read and map write", Race},
		{"POTENTIAL DEADLOCK: Recursive locking:", Recursive},
		{"POTENTIAL DEADLOCK: Inconsistent locking. saw this ordering in one goroutine:", LockOrder},
		{"POTENTIAL DEADLOCK:", LockTimeout},
		{"panic: deadlock: all goroutines in bubble are blocked", Blocked},
		{"panic: deadlock: main bubble goroutine has exited but blocked goroutines remain", Blocked},
		{"panic: test timed out after 3s", Hang},
		{"conctest: goleak: found unexpected goroutines:", Leak},
		{"conctest: invariant violated: got 1, want 2", Lost},
		{"panic: close of closed channel", Panic},
		{"panic: sync: negative WaitGroup counter", Panic},
		{"fatal error: sync: unlock of unlocked mutex", Panic},
	}
	for _, tt := range tests {
		got := parse("before\n"+tt.line+"\nstack\n", "plain")
		if assert.Len(t, got, 1, tt.line) {
			assert.Equal(t, tt.want, got[0].Verdict, tt.line)
			assert.Contains(t, got[0].Evidence, "stack")
		}
	}
	for _, quiet := range []string{"", "ok  pkg 0.1s", "\tpanic: nested", "goroutine 1 [running]:", "PASS"} {
		assert.Empty(t, parse(quiet, "plain"), quiet)
	}
}

// A race report and an invariant's message printed at the same moment,
// as in a run of prodcons.AddInside: on one stream the message landed in
// the middle of the report's "Write at ... by goroutine" line, and neither
// finding was parsed whole. The child prints its own lines on stdout and
// the race detector writes its own file, so each is parsed on its own.
func TestParseStreamsKeepsConcurrentReportsWhole(t *testing.T) {
	races := `==================
WARNING: DATA RACE
Write at 0x00c0000a0ea8 by goroutine 12:
  github.com/racelab/racelab/prodcons.stripe()
      /work/main/prodcons/waitgroup.go:87 +0x1cb
  github.com/racelab/racelab/prodcons.(*AddInside).Gather.func1()
      /work/main/prodcons/waitgroup.go:37 +0x13e

Previous read at 0x00c0000a0ea8 by goroutine 10:
  github.com/racelab/racelab/prodcons.countMissing()
      /work/main/prodcons/workload.go:362 +0x7f8
==================
`
	stdout := "conctest: begin TestX#1:plain\n" +
		"conctest: invariant violated: prodcons.AddInside: Gather returned with 4 of 4 results missing\n" +
		"conctest: end TestX#1:plain\n"
	r := readReport(onChannel(channelRecord{Kind: kindBegin},
		channelRecord{Kind: kindFinding, Verdict: Lost, Detector: Invariant, Text: "conctest: invariant violated: prodcons.AddInside: Gather returned with 4 of 4 results missing"},
		channelRecord{Kind: kindEnd}), races, "", "", "plain", "X", nil, "", 0)
	assert.Contains(t, r.Output, "WARNING: DATA RACE")
	assert.Equal(t, []Verdict{Race, Lost}, r.Verdicts())
	require.NoError(t, r.Check(Race, "prodcons.(*AddInside).Gather"))
	require.NoError(t, r.Check(Lost, "4 of 4 results missing"))

	// The same two on one stream, interleaved as they were: the report is
	// cut at the message, and the stack that names Gather is lost to it.
	merged := strings.Replace(races, "by goroutine 12:", "by "+strings.TrimPrefix(stdout, "conctest: begin TestX#1:plain\n"), 1)
	one := &Report{Findings: parse(merged, "plain")}
	assert.Error(t, one.Check(Race, "prodcons.(*AddInside).Gather"), "the failure this layout prevents")
}

// A race report and a panic printed at the same moment, as in a run of
// prodcons.ConsumerCloses under make stress (once in 100 at GOMAXPROCS=2):
// a consumer's send raced the close while another's send panicked, and on
// one stream "panic: " landed in the middle of the report's "Read at ...
// by goroutine" line, so no panic was found. The race detector writes its
// reports to a file of its own (GORACE log_path), the runtime to stderr.
func TestParseStreamsKeepsRaceAndPanicApart(t *testing.T) {
	races := `==================
WARNING: DATA RACE
Read at 0x00c000082390 by goroutine 11:
  runtime.chansend()
      /usr/local/go/src/runtime/chan.go:176 +0x0
  github.com/racelab/racelab/prodcons.ConsumerCloses.func1()
      /work/main/prodcons/closer.go:27 +0x4e

Previous write at 0x00c000082390 by goroutine 9:
  runtime.closechan()
      /usr/local/go/src/runtime/chan.go:414 +0x0
  github.com/racelab/racelab/prodcons.ConsumerCloses()
      /work/main/prodcons/closer.go:34 +0x24d
==================
`
	stderr := `panic: send on closed channel [recovered, repanicked]

goroutine 20 [running]:
sync.(*WaitGroup).Go.func1.1()
	/usr/local/go/src/sync/waitgroup.go:251 +0x3a
panic({0x665040?, 0x6ac350?})
	/usr/local/go/src/runtime/panic.go:860 +0x13a
github.com/racelab/racelab/prodcons.ConsumerCloses.func1()
	/work/main/prodcons/closer.go:27 +0x4e
`
	r := readReport(onChannel(channelRecord{Kind: kindBegin}), races, "", stderr, "plain", "X", exitStatus(t, crashStatus), "", 0)
	assert.Equal(t, []Verdict{Race, Panic}, r.Verdicts())
	require.NoError(t, r.Check(Panic, "prodcons.ConsumerCloses"))

	merged := strings.Replace(races, "by goroutine 11:", "by panic: goroutine 11:\nsend on closed channel [recovered, repanicked]\n", 1) +
		strings.TrimPrefix(stderr, "panic: send on closed channel [recovered, repanicked]\n")
	one := &Report{Findings: parse(merged, "plain")}
	assert.Error(t, one.Check(Panic, "prodcons.ConsumerCloses"), "the failure this layout prevents")
}

func TestChildEnvSendsRaceReportsToTheirOwnFile(t *testing.T) {
	dir := t.TempDir()
	env := childEnv("TestX@x_test.go:1@p.f", modePlain, Panic, dir, "ch", "")
	gorace := env[slices.IndexFunc(env, func(kv string) bool { return strings.HasPrefix(kv, "GORACE=") })]
	assert.True(t, strings.HasSuffix(gorace, `atexit_sleep_ms=0 log_path="`+filepath.Join(dir, raceLogName)+`"`), gorace)

	require.NoError(t, os.WriteFile(filepath.Join(dir, raceLogName+".12"), []byte("first\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, raceLogName+".34"), []byte("second\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "shared.map"), []byte("not a report\n"), 0o600))
	assert.Equal(t, "first\nsecond\n", raceLog(dir))
	assert.Empty(t, raceLog(t.TempDir()))
}

func TestReportSaidAndClean(t *testing.T) {
	r := &Report{Findings: []Finding{{Verdict: Recursive, Detector: GoDeadlock}, {Verdict: LockTimeout, Detector: GoDeadlock}, {Verdict: Hang, Detector: Watchdog}}}
	assert.Equal(t, []Verdict{Recursive, LockTimeout}, r.Said(GoDeadlock))
	assert.Equal(t, []Verdict{Clean}, r.Said(RaceDetector))
	assert.Error(t, r.Check(Clean, ""))
	assert.NoError(t, (&Report{}).Check(Clean, ""))
	assert.Error(t, (&Report{Incomplete: "the child never ran"}).Check(Clean, ""))
	for _, v := range verdicts {
		assert.True(t, v == Clean || v.Detector() != "", v)
		assert.True(t, slices.Contains(detectors, v.Detector()) || v == Clean, v)
	}
}

// onChannel is a channel that holds recs.
func onChannel(recs ...channelRecord) *channelReader { return &channelReader{records: recs} }

// exitStatus is the error of a process that exited with code.
func exitStatus(t *testing.T, code int) error {
	err := exec.Command("sh", "-c", fmt.Sprintf("exit %d", code)).Run()
	require.Error(t, err)
	return err
}
