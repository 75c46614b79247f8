package swap

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// importOnPackageLine is what Rewrite adds to the package clause's line.
const importOnPackageLine = `; import deadlock__ "github.com/sasha-s/go-deadlock"`

// rewrite runs Rewrite on src and fails t if it errs or if its result
// does not parse.
func rewrite(t *testing.T, src string) (string, bool) {
	t.Helper()
	out, changed, err := Rewrite("x.go", []byte(src))
	if err != nil {
		t.Fatalf("Rewrite: %v", err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "x.go", out, parser.SkipObjectResolution); err != nil {
		t.Fatalf("the rewritten file does not parse: %v\n%s", err, out)
	}
	return string(out), changed
}

// checkLines fails t unless got is src with only the lines in changed
// (1-based) changed, to those lines, and two lines appended: an empty
// one and tail.
func checkLines(t *testing.T, src, got string, changed map[int]string, tail string) {
	t.Helper()
	in, out := strings.Split(src, "\n"), strings.Split(got, "\n")
	// src ends with a newline, and so does got: its last element is "".
	if want := len(in) + 2; len(out) != want {
		t.Fatalf("the rewritten file has %d lines, want %d (the source's and 2 appended):\n%s", len(out)-1, want-1, got)
	}
	for i, line := range in {
		want, ok := changed[i+1]
		if !ok {
			want = line
		}
		if out[i] != want {
			t.Errorf("line %d:\n got %q\nwant %q", i+1, out[i], want)
		}
	}
	if end := out[len(in)-1:]; end[0] != "" || end[1] != tail || end[2] != "" {
		t.Errorf("appended %q, want %q", end, []string{"", tail, ""})
	}
}

// Every line stays where it was: the import goes on the package clause's
// line, each sync.Mutex and sync.RWMutex becomes go-deadlock's in place,
// and the rest (comments that name them, other sync types) is untouched.
func TestRewriteKeepsEveryLine(t *testing.T) {
	src := `// Package bank moves money.
package bank

import (
	"fmt"
	"sync"
)

// An Account is a balance behind its own lock, a sync.Mutex.
type Account struct {
	mu      sync.Mutex
	Balance int
}

type ledger struct {
	sync.RWMutex // embedded
	wg           sync.WaitGroup
	l            sync.Locker
	entries      map[string]int
}

var global sync.Mutex

func pair() (*sync.Mutex, *sync.RWMutex) {
	var a sync.Mutex
	b := new(sync.RWMutex)
	return &a, b
}

func (a *Account) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return fmt.Sprint("sync.Mutex ", a.Balance)
}
`
	got, changed := rewrite(t, src)
	if !changed {
		t.Fatal("changed = false, want true")
	}
	checkLines(t, src, got, map[int]string{
		2:  "package bank" + importOnPackageLine,
		11: "	mu      deadlock__.Mutex",
		16: "	deadlock__.RWMutex // embedded",
		22: "var global deadlock__.Mutex",
		24: "func pair() (*deadlock__.Mutex, *deadlock__.RWMutex) {",
		25: "	var a deadlock__.Mutex",
		26: "	b := new(deadlock__.RWMutex)",
	}, "var _ sync.Locker")
}

// A renamed import is followed by its name.
func TestRewriteRenamedImport(t *testing.T) {
	src := `package p

import s "sync"

type T struct {
	mu s.Mutex
	rw s.RWMutex
	wg s.WaitGroup
}
`
	got, changed := rewrite(t, src)
	if !changed {
		t.Fatal("changed = false, want true")
	}
	checkLines(t, src, got, map[int]string{
		1: "package p" + importOnPackageLine,
		6: "	mu deadlock__.Mutex",
		7: "	rw deadlock__.RWMutex",
	}, "var _ s.Locker")
}

// An embedded sync.Mutex keeps its field name, Mutex, and its methods:
// go-deadlock's type is named Mutex too.
func TestRewriteEmbeddedMutex(t *testing.T) {
	src := `package p

import "sync"

type counter struct {
	sync.Mutex
	n int
}

func (c *counter) inc() {
	c.Lock()
	c.n++
	c.Mutex.Unlock()
}
`
	got, _ := rewrite(t, src)
	checkLines(t, src, got, map[int]string{
		1: "package p" + importOnPackageLine,
		6: "	deadlock__.Mutex",
	}, "var _ sync.Locker")
}

// A file that imports sync only for its Mutex would not compile with the
// import unused: Rewrite appends a use of it. (The end-to-end test in
// conctest/cmd/swap compiles one.)
func TestRewriteSyncOnlyForMutex(t *testing.T) {
	src := "package p\n\nimport \"sync\"\n\nvar mu sync.Mutex\n"
	got, changed := rewrite(t, src)
	if !changed {
		t.Fatal("changed = false, want true")
	}
	want := "package p" + importOnPackageLine + "\n\nimport \"sync\"\n\nvar mu deadlock__.Mutex\n\nvar _ sync.Locker\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// Files without sync's Mutex or RWMutex come back as they were, with
// changed false: no sync import, other sync types only, an import that
// cannot name them (blank, dot), or a Mutex of another package.
func TestRewriteLeavesOtherFiles(t *testing.T) {
	for name, src := range map[string]string{
		"no sync":        "package p\n\nimport \"fmt\"\n\nfunc f() { fmt.Println(\"sync.Mutex\") }\n",
		"no imports":     "package p\n\n// sync.Mutex\nvar x int\n",
		"other types":    "package p\n\nimport \"sync\"\n\nvar wg sync.WaitGroup\nvar l sync.Locker = new(sync.Cond).L\nvar once sync.Once\n",
		"blank import":   "package p\n\nimport _ \"sync\"\n",
		"dot import":     "package p\n\nimport . \"sync\"\n\nvar mu Mutex\n",
		"another's type": "package p\n\nimport (\n\t\"sync\"\n\n\tdeadlock \"github.com/sasha-s/go-deadlock\"\n)\n\nvar mu deadlock.Mutex\nvar wg sync.WaitGroup\n",
	} {
		t.Run(name, func(t *testing.T) {
			got, changed, err := Rewrite("x.go", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if changed || string(got) != src {
				t.Errorf("changed = %v, want false; got\n%s", changed, got)
			}
		})
	}
}

func TestRewriteRefusesWhatDoesNotParse(t *testing.T) {
	if _, _, err := Rewrite("x.go", []byte("package p\n\nvar mu sync.Mutex{\n")); err == nil {
		t.Error("Rewrite of a file that does not parse: no error")
	}
}

// Files rewrites the files that declare sync's mutexes, leaves the
// others out, and adds to each package the test file that marks the
// build; Write and ReadOverlay put them in place and read them back.
func TestFilesWriteAndReadOverlay(t *testing.T) {
	src := t.TempDir()
	a, b := filepath.Join(src, "a"), filepath.Join(src, "b")
	for path, content := range map[string]string{
		filepath.Join(a, "locked.go"): "package alpha\n\nimport \"sync\"\n\nvar mu sync.Mutex\n",
		filepath.Join(a, "plain.go"):  "package alpha\n\nfunc f() {}\n",
		filepath.Join(b, "b.go"):      "package beta\n\nimport \"sync\"\n\nvar wg sync.WaitGroup\n",
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pkgs := []Package{
		{Dir: a, Name: "alpha", ImportPath: "example.com/m/a", GoFiles: []string{"locked.go", "plain.go"}},
		{Dir: b, Name: "beta", ImportPath: "example.com/m/b", GoFiles: []string{"b.go"}},
	}
	files, err := Files(pkgs, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	markerA, markerB := filepath.Join(a, "zz_deadlock_build_test.go"), filepath.Join(b, "zz_deadlock_build_test.go")
	locked := filepath.Join(a, "locked.go")
	if len(files) != 3 || files[locked] == nil || files[markerA] == nil || files[markerB] == nil {
		t.Fatalf("Files = %v, want %s rewritten and a marker in each package", keys(files), locked)
	}
	if !strings.Contains(string(files[locked]), "var mu deadlock__.Mutex") {
		t.Errorf("%s not rewritten:\n%s", locked, files[locked])
	}
	for marker, name := range map[string]string{markerA: "alpha", markerB: "beta"} {
		f, err := parser.ParseFile(token.NewFileSet(), marker, files[marker], parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", marker, err)
		}
		if f.Name.Name != name {
			t.Errorf("%s is in package %s, want %s", marker, f.Name.Name, name)
		}
		want := `os.Setenv("` + MarkerEnv + `", "` + MarkerValue + `")`
		if !strings.Contains(string(files[marker]), want) {
			t.Errorf("%s does not set %s:\n%s", marker, want, files[marker])
		}
	}

	// Write keeps a base overlay's replacement of a file it does not
	// replace itself; ReadOverlay reads each file as the overlay gives it.
	other := filepath.Join(src, "other.go")
	replacement := filepath.Join(src, "other-replaced.go")
	if err := os.WriteFile(replacement, []byte("package other // replaced\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, err := Write(t.TempDir(), files, map[string]string{other: replacement})
	if err != nil {
		t.Fatal(err)
	}
	replace, read, err := ReadOverlay(overlay)
	if err != nil {
		t.Fatal(err)
	}
	if len(replace) != 4 || replace[other] != replacement {
		t.Errorf("the overlay's replacements are %v, want the 3 files and %s", replace, other)
	}
	for path, want := range map[string]string{
		locked:                       string(files[locked]),
		markerB:                      string(files[markerB]),
		other:                        "package other // replaced\n",
		filepath.Join(a, "plain.go"): "package alpha\n\nfunc f() {}\n",
	} {
		got, err := read(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("read(%s) = %q, want %q", path, got, want)
		}
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}
