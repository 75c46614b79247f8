package flaky_test

import (
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
	"github.com/racelab/racelab/conctest/examples/flaky"
)

// A reproduction's Hang, Blocked or Leak report names the blocked
// function in its first 15 lines, where a reader looks: the culprit's
// goroutines come first and the harness's are left out.
func TestExcerptsNameTheCulpritFirst(t *testing.T) {
	for _, tc := range []struct {
		name    string
		verdict conctest.Verdict
		blame   string
		fn      func() error
		opts    []conctest.Option
	}{
		{"LeakStopBatcher", conctest.Leak, "flaky.(*batch).Add", handle(stopBatcher), []conctest.Option{conctest.Copies(4)}},
		{"HangSendLocked", conctest.Hang, "flaky.(*SendLocked).Publish", threeMessages(sendLocked),
			[]conctest.Option{conctest.Copies(4), conctest.Timeout(stuckAfter)}},
		{"LeakLookupUnbuffered", conctest.Leak, "flaky.LookupUnbuffered", lookupOnce(flaky.LookupUnbuffered), []conctest.Option{conctest.Copies(4)}},
		{"BlockedLookupUnbuffered", conctest.Blocked, "flaky.LookupUnbuffered", lookupOnce(flaky.LookupUnbuffered),
			[]conctest.Option{conctest.Bubble(), conctest.Copies(8)}},
		{"BlockedSignalClose", conctest.Blocked, "flaky.(*queue).Get", twoWorkers(signalClose), []conctest.Option{conctest.Bubble()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := conctest.Diagnose(t, tc.fn, append(tc.opts, repeat)...)
			if err := rep.Check(tc.verdict, tc.blame); err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.Verdict != tc.verdict || f.Detector == conctest.LeakProfile {
					continue
				}
				lines := strings.SplitN(f.Excerpt(), "\n", 16)
				if head := strings.Join(lines[:min(15, len(lines))], "\n"); !strings.Contains(head, tc.blame) {
					t.Errorf("the %s excerpt (%s) does not name %s in its first 15 lines:\n%s", f.Verdict, f.Detector, tc.blame, head)
				}
			}
		})
	}
}
