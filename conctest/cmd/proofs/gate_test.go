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

// The CI recipe of the README, run as it is written, as a team would run
// it on a module of its own (conctest/examples/gate: a plain sync.Mutex,
// conctest.Together), and read back with a JUnit parser: each proof is
// judged in its build, the plain one or the go-deadlock one.
func TestGateModuleCIRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs another module's tests, in two builds")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not on PATH")
	}
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	recipe := ciRecipe(t, filepath.Join(root, "README.md"))
	// This checkout has gotestsum as a tool of its own module, not the
	// gate's.
	require.Contains(t, recipe, "go tool gotestsum")
	recipe = strings.ReplaceAll(recipe, "go tool gotestsum", "go tool -modfile "+filepath.Join(root, "go.mod")+" gotestsum")

	// The module, copied where the recipe's files can go, requiring this
	// checkout.
	dir := t.TempDir()
	src := filepath.Join(root, "conctest", "examples", "gate")
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644))
		}
	}
	env := append(os.Environ(), "GOFLAGS=", "GITHUB_STEP_SUMMARY="+filepath.Join(dir, "summary.md"))
	edit := exec.Command(gocmd, "mod", "edit", "-replace=github.com/racelab/racelab="+root)
	edit.Dir, edit.Env = dir, env
	out, err := edit.CombinedOutput()
	require.NoError(t, err, "%s", out)

	// GitHub Actions runs a step's script with bash -e -o pipefail.
	cmd := exec.Command(bash, "-e", "-o", "pipefail", "-c", recipe)
	cmd.Dir, cmd.Env = dir, env
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "the recipe failed:\n%s\n%s", recipe, out)

	data, err := os.ReadFile(filepath.Join(dir, "junit.xml"))
	require.NoError(t, err)
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(data, &doc))
	got := map[string]string{} // package and test -> verdict, not-run, or "skipped"
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			name := c.attr("classname") + " " + c.attr("name")
			assert.Nil(t, c.Failure, name)
			if c.Skipped != nil {
				got[name] = "skipped"
				continue
			}
			var props []string
			if c.Properties != nil {
				for _, p := range c.Properties.Props {
					props = append(props, p.Name+"="+p.Value)
				}
			}
			got[name] = strings.Join(props, " ")
		}
	}
	const plain, swapped = "example.com/gate ", "example.com/gate (go-deadlock build) "
	assert.Equal(t, map[string]string{
		plain + "TestRaceGet":            "verdict=Race",
		plain + "TestNoRaceGetLocked":    "verdict=Clean not-run=go-deadlock",
		plain + "TestRecursiveRefresh":   "skipped", // no go-deadlock lock in the plain build
		swapped + "TestRaceGet":          "skipped", // the plain build's
		swapped + "TestNoRaceGetLocked":  "verdict=Clean",
		swapped + "TestRecursiveRefresh": "verdict=Recursive",
	}, got, "one testcase per proof and build, each with its verdict")

	md, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	require.NoError(t, err)
	assert.Contains(t, string(md), "Recursive", "the job summary names the go-deadlock build's verdict")
}

// ciRecipe returns the shell block that follows "In a team's CI" in the
// README.
func ciRecipe(t *testing.T, readme string) string {
	t.Helper()
	b, err := os.ReadFile(readme)
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(b), "In a team's CI")
	require.True(t, ok, "%s has no paragraph \"In a team's CI\"", readme)
	_, block, ok := strings.Cut(after, "```sh\n")
	require.True(t, ok, "no ```sh block after \"In a team's CI\"")
	block, _, ok = strings.Cut(block, "```")
	require.True(t, ok, "the recipe's block does not end")
	return block
}
