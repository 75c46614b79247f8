package conctest

import (
	"bytes"
	"debug/elf"
	"debug/gosym"
	"debug/pe"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
		linked, err := linkedFuncs(bin, "github.com/sasha-s/go-deadlock.lock", enginePrefix+"Prove")
		if assert.NoError(t, err, "linkedFuncs(%s/%s %q)", b.goos, b.goarch, b.ldflags) {
			assert.True(t, linked["github.com/sasha-s/go-deadlock.lock"], "%s/%s %q: go-deadlock's lock", b.goos, b.goarch, b.ldflags)
			assert.False(t, linked[enginePrefix+"Prove"], "%s/%s %q: a function it does not link", b.goos, b.goarch, b.ldflags)
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
	_, err = linkedFuncs(filepath.Join("testdata", "lost.txt"), "main.main")
	assert.Error(t, err, "linkedFuncs(a text file)")
}

// linkedFuncs reads only the function table's names: it must find what
// debug/gosym finds, decoding the whole table of this test binary, and
// nothing it does not.
func TestLinkedFuncsFindWhatGosymFinds(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	f, err := elf.Open(exe)
	if err != nil {
		t.Skipf("this test binary is not ELF: %v", err)
	}
	defer f.Close()
	data, err := f.Section(".gopclntab").Data()
	require.NoError(t, err)
	table, err := gosym.NewTable(nil, gosym.NewLineTable(data, f.Section(".text").Addr))
	require.NoError(t, err)
	var names []string
	for i, fn := range table.Funcs {
		if i%97 == 0 || strings.HasPrefix(fn.Name, enginePrefix) {
			names = append(names, fn.Name)
		}
	}
	require.NotEmpty(t, names)
	missing := []string{enginePrefix + "Prove.nothing", "runtime.mai", "untime.main", enginePrefix + "noSuchFunc"}
	linked, err := linkedFuncs(exe, append(names, missing...)...)
	require.NoError(t, err)
	for _, name := range names {
		assert.True(t, linked[name], "linkedFuncs: %s, which gosym finds", name)
	}
	for _, name := range missing {
		assert.False(t, linked[name], "linkedFuncs: %s, which is not linked", name)
	}
}

// A name is found wherever the pieces the table is read in cut it, and
// only whole: the first name, one across a piece's end, the last.
func TestNamesInAcrossPieces(t *testing.T) {
	for _, cut := range []int{1, 10, 33} {
		var tab bytes.Buffer
		tab.WriteString("runtime.main\x00")
		for tab.Len() < 64<<10-cut {
			tab.WriteString("pad.f\x00")
		}
		tab.Truncate(64<<10 - cut)
		tab.WriteString("\x00go-deadlock.lock\x00sync.Mutex.Lock\x00")
		head := make([]byte, 72)
		binary.LittleEndian.PutUint32(head, 0xfffffff1)
		head[6], head[7] = 1, 8
		binary.LittleEndian.PutUint64(head[8+3*8:], 72)
		binary.LittleEndian.PutUint64(head[8+4*8:], uint64(72+tab.Len()))
		found, err := namesIn(bytes.NewReader(append(head, tab.Bytes()...)), []string{"runtime.main", "go-deadlock.lock", "sync.Mutex.Lock", "Mutex.Lock", "runtime.mai"})
		require.NoError(t, err, "cut %d", cut)
		assert.Equal(t, map[string]bool{"runtime.main": true, "go-deadlock.lock": true, "sync.Mutex.Lock": true}, found, "cut %d", cut)
	}
	_, err := namesIn(bytes.NewReader(make([]byte, 100)), []string{"runtime.main"})
	assert.Error(t, err, "namesIn(no header)")
}

func TestTableHeaders(t *testing.T) {
	header := []byte{0xf1, 0xff, 0xff, 0xff, 0, 0, 1, 8}
	data := append(append([]byte("junk\xf1\xff\xff\xff\x00\x00\x09\x08"), header...), "rest"...)
	got := tableHeaders(data)
	require.Len(t, got, 1, "tableHeaders: the first magic has no valid quantum")
	assert.Equal(t, append(header, "rest"...), got[0], "tableHeaders")
	assert.Empty(t, tableHeaders(header[:7]), "tableHeaders of a cut header")
}
