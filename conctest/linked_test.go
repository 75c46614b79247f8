package conctest

import (
	"debug/pe"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// deadlockLinked read only ELF binaries: on macOS and Windows it could
// not tell, said yes, and go-deadlock's silence in a binary without its
// locks was taken for a Clean. The function table is read in each
// format, symbols stripped or not, from a command built for each.
func TestFuncTableOfEveryFormat(t *testing.T) {
	if inChild() {
		return
	}
	if testing.Short() {
		t.Skip("builds a command for three systems: skipped with -short")
	}
	gocmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH")
	}
	for _, b := range []struct{ goos, goarch, ldflags string }{
		{"linux", "amd64", ""}, {"linux", "amd64", "-s -w"},
		{"darwin", "arm64", ""}, {"darwin", "arm64", "-s -w"},
		{"windows", "amd64", ""}, {"windows", "amd64", "-s -w"},
	} {
		bin := filepath.Join(t.TempDir(), "linked")
		cmd := exec.Command(gocmd, "build", "-o", bin, "-ldflags="+b.ldflags, "./testdata/linked")
		cmd.Env = append(os.Environ(), "GOOS="+b.goos, "GOARCH="+b.goarch, "CGO_ENABLED=0", "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "go build: %s", out)
		table, err := funcTable(bin)
		if assert.NoError(t, err, "funcTable(%s/%s %q)", b.goos, b.goarch, b.ldflags) {
			assert.NotNil(t, table.LookupFunc("github.com/sasha-s/go-deadlock.lock"), "%s/%s %q: go-deadlock's lock", b.goos, b.goarch, b.ldflags)
			assert.Nil(t, table.LookupFunc(enginePrefix+"Prove"), "%s/%s %q: a function it does not link", b.goos, b.goarch, b.ldflags)
		}
		if b.goos == "windows" { // the symbols mark the table, and without them its header does
			f, err := pe.Open(bin)
			require.NoError(t, err)
			_, bySymbols := peSymbolTable(f)
			f.Close()
			assert.Equal(t, b.ldflags == "", bySymbols, "peSymbolTable(windows %q)", b.ldflags)
		}
	}
	assert.True(t, deadlockLinked(), "this test binary takes go-deadlock's locks")
	_, err = funcTable(filepath.Join("testdata", "lost.txt"))
	assert.Error(t, err, "funcTable(a text file)")
}

func TestTableHeaders(t *testing.T) {
	header := []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8}
	data := append(append([]byte("junk\xf1\xff\xff\xff\x00\x00\x09\x08"), header...), "rest"...)
	got := tableHeaders(data)
	require.Len(t, got, 1, "tableHeaders: the first magic has no valid quantum")
	assert.Equal(t, append(header, "rest"...), got[0], "tableHeaders")
	assert.Empty(t, tableHeaders(header[:7]), "tableHeaders of a cut header")
}
