package static

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// go tool -n names staticcheck's binary in the build cache, once per
// process; a go clean -cache or the cache's own trimming may remove it
// later. staticcheck then runs through go tool, which builds it again.
func TestStaticcheckOutlivesItsBinary(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	dir, err := filepath.Abs("testdata/spinflag")
	require.NoError(t, err)
	b := toolBinary(gocmd, dir)
	require.False(t, b.missing, "this module has staticcheck as a tool")
	require.NoError(t, b.err)
	want, _, _ := startStaticcheck(gocmd, dir).wait()
	require.Contains(t, want, `"code":"SA5002"`, "staticcheck's finding in testdata/spinflag")
	saved := b.path
	b.path = filepath.Join(t.TempDir(), "staticcheck") // removed since
	t.Cleanup(func() { b.path = saved })

	got, stderr, err := startStaticcheck(gocmd, dir).wait()
	if err != nil && strings.TrimSpace(got) == "" {
		t.Fatalf("staticcheck, its binary gone: %v\n%s", err, stderr)
	}
	require.Equal(t, want, got, "staticcheck through go tool, and its binary")
}

// CONCTEST_STATICCHECK names the binary go tool -n would name, asked
// once for many test processes: staticcheck then runs as that binary,
// and where the file is not there, through go tool.
func TestStaticcheckNamedByEnv(t *testing.T) {
	gocmd, err := exec.LookPath("go")
	require.NoError(t, err)
	dir, err := filepath.Abs("testdata/spinflag")
	require.NoError(t, err)
	named := toolBinary(gocmd, dir)
	require.NoError(t, named.err)
	want, _, _ := startStaticcheck(gocmd, dir).wait()
	require.Contains(t, want, `"code":"SA5002"`, "staticcheck's finding in testdata/spinflag")

	t.Setenv(toolEnv, named.path)
	b := toolBinary(gocmd, dir)
	require.NotSame(t, named, b, "a binary named by %s is not the one go tool -n named", toolEnv)
	require.Equal(t, named.path, b.path)
	got, _, _ := startStaticcheck(gocmd, dir).wait()
	require.Equal(t, want, got, "staticcheck named by %s", toolEnv)

	gone := filepath.Join(t.TempDir(), "staticcheck")
	t.Setenv(toolEnv, gone)
	require.Equal(t, gone, toolBinary(gocmd, dir).path)
	got, stderr, err := startStaticcheck(gocmd, dir).wait()
	if err != nil && strings.TrimSpace(got) == "" {
		t.Fatalf("staticcheck, the binary %s names not there: %v\n%s", toolEnv, err, stderr)
	}
	require.Equal(t, want, got, "staticcheck through go tool, the binary %s names not there", toolEnv)
}
