package conctest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goleak does not look in a bubble, where a goroutine left blocked is the
// bubble's Blocked: a proof in a bubble runs a Leak twin in the plain run,
// where its leak can be seen.
func TestBubbleProofRunsALeakTwinPlain(t *testing.T) {
	ProveClean(t, lockedIncrement, Bubble(), Twin(Leak, "conctest.leakySend", leakySend))
}

// Diagnose runs a Twin too, in the child of its own runs, and hands back
// what the twin's run said beside fn's.
func TestDiagnoseRunsItsTwin(t *testing.T) {
	r := Diagnose(t, lockedIncrement, Twin(Leak, "conctest.leakySend", leakySend))
	alone := Diagnose(t, lockedIncrement)
	if inChild() {
		return
	}
	require.NoError(t, r.Check(Clean, ""), "fn's own runs")
	require.NotNil(t, r.Twin, "Diagnose dropped its Twin")
	assert.NoError(t, r.Twin.Check(Leak, "conctest.leakySend"))
	assert.Nil(t, r.Twin.Twin)
	assert.Nil(t, alone.Twin, "no Twin asked, none run")
}

// A twin's findings are the twin's, and fn's are fn's.
func TestDiagnoseKeepsTheTwinsFindingsApart(t *testing.T) {
	r := Diagnose(t, leakySend, Twin(Lost, "wrongTotal", wrongTotal))
	if inChild() {
		return
	}
	assert.True(t, r.Has(Leak), "fn leaks:\n%s", r.Excerpt())
	assert.False(t, r.Has(Lost), "fn's report holds the twin's Lost:\n%s", r.Excerpt())
	require.NotNil(t, r.Twin)
	assert.NoError(t, r.Twin.Check(Lost, "wrongTotal"))
	assert.False(t, r.Twin.Has(Leak), "the twin's report holds fn's leak:\n%s", r.Twin.Excerpt())
}

// A report's Prove is Prove's check and Prove's line, for a run already
// made; it proves no Clean, which Check does.
func TestReportProve(t *testing.T) {
	r := Diagnose(t, lockedIncrement, Twin(Lost, "wrongTotal", wrongTotal))
	if inChild() {
		return
	}
	f := &fakeT{T: t}
	outcomeOf(f, func(t testing.TB) { r.Twin.Prove(t, Lost, "wrongTotal") })
	assert.Empty(t, f.fatal)
	assert.Contains(t, strings.Join(f.logs, "\n"), "proven: Lost by invariant, blaming wrongTotal [")

	fatal, _ := outcome(t, func(t testing.TB) { r.Twin.Prove(t, Race, "wrongTotal") })
	assert.Contains(t, fatal, "Race not proven")
	fatal, _ = outcome(t, func(t testing.TB) { r.Prove(t, Clean, "") })
	assert.Contains(t, fatal, "Check(Clean")
	fatal, _ = outcome(t, func(t testing.TB) { r.Twin.Twin.Prove(t, Lost, "wrongTotal") })
	assert.Contains(t, fatal, "there is no report")
}

// A twin this binary cannot judge is not run; its report says why, and
// its Prove skips as Prove does.
func TestDiagnoseSaysWhyItsTwinDidNotRun(t *testing.T) {
	r := Diagnose(t, lockedIncrement, Twin(Race, "conctest.racyIncrement", racyIncrement))
	if inChild() {
		return
	}
	require.NotNil(t, r.Twin)
	_, skipped := outcome(t, func(t testing.TB) { r.Twin.Prove(t, Race, "conctest.racyIncrement") })
	if raceEnabled {
		assert.NoError(t, r.Twin.Check(Race, "conctest.racyIncrement"))
		assert.Empty(t, skipped)
		return
	}
	assert.Equal(t, map[Detector]string{RaceDetector: "its twin's race is not checked: this binary was built without -race"}, r.Twin.NotRun)
	assert.Equal(t, "Race proof skipped: its twin's race is not checked: this binary was built without -race", skipped)
	assert.Error(t, r.Twin.Check(Race, "conctest.racyIncrement"), "a twin that did not run proves nothing")
}
