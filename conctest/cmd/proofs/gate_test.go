package main

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CI recipe of the README, run as a team would run it on a module
// of its own (conctest/examples/gate: syncutil's mutex, conctest.Together)
// and read back with a JUnit parser.
func TestGateModuleCIRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs another module's tests")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	dir, err := filepath.Abs("../../examples/gate")
	require.NoError(t, err)
	out := t.TempDir()
	run := func(name string, args ...string) []byte {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GORACE=atexit_sleep_ms=0", "GOFLAGS=")
		b, err := cmd.Output()
		require.NoError(t, err, "%s %s\n%s", name, strings.Join(args, " "), b)
		return b
	}
	stream := run(gocmd, "test", "-race", "-tags", "deadlock", "-count=1", "-json", "./...")
	require.NoError(t, os.WriteFile(filepath.Join(out, "test.json"), stream, 0o644))
	junit := filepath.Join(out, "junit.xml")
	run(gocmd, "tool", "-modfile", "../../../go.mod", "gotestsum", "--junitfile", junit, "--raw-command", "--", "cat", filepath.Join(out, "test.json"))
	require.NoError(t, enrichJUnit(junit, strings.NewReader(string(stream))))

	data, err := os.ReadFile(junit)
	require.NoError(t, err)
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(data, &doc))
	verdicts := map[string]string{}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			assert.Nil(t, c.Failure, c.attr("name"))
			if c.Properties != nil && len(c.Properties.Props) == 1 {
				verdicts[c.attr("name")] = c.Properties.Props[0].Value
			}
		}
	}
	assert.Equal(t, map[string]string{
		"TestRaceGet": "Race", "TestNoRaceGetLocked": "Clean", "TestRecursiveRefresh": "Recursive",
	}, verdicts, "one testcase per proof, each with its verdict")
}
