package conctest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A line pattern's starts only spare the pattern the lines it cannot
// match: on every line of the recorded child outputs in testdata (those
// recorded under -trimpath too), and on
// lines written to sit at the edges of each pattern, it says what the
// pattern alone says, and each pattern matches some line.
func TestLinePatternsRefuseOnlyWhatCannotMatch(t *testing.T) {
	patterns := map[string]linePattern{
		"raceAccess": raceAccess, "stackHeader": stackHeader, "crashHeader": crashHeader,
		"tracebackHeader": tracebackHeader, "testingLine": testingLine,
	}
	lines := []string{
		"Previous write at 0x00c000012345 by goroutine 8:",
		"Atomic read of size 8 at 0x00c000012345 by goroutine 9:",
		"Write at 0x1 by main goroutine:",
		"[goroutine 7]", "Goroutine 12 (running) created at:", "goroutine 1 [running]:",
		"panic: boom", "fatal error: concurrent map writes", " panic: indented",
		"=== RUN   TestX", "    --- PASS: TestX/a (0.00s)", "\t--- FAIL: TestX (0.01s)",
		"PASS", "FAIL", "ok  \tpkg\t0.1s", "okay", " === RUN TestX", "", "\t",
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	require.NoError(t, err)
	trimpath, err := filepath.Glob(filepath.Join("testdata", "trimpath", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	require.NotEmpty(t, trimpath)
	files = append(files, trimpath...)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	for name, p := range patterns {
		matched := 0
		for _, l := range lines {
			want := p.re().MatchString(l)
			assert.Equal(t, want, p.MatchString(l), "%s on %q", name, l)
			if want {
				matched++
			}
		}
		assert.Positive(t, matched, "%s matched no line: the check shows nothing", name)
	}
}
