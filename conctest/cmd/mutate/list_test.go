package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const goodList = `# a comment

mutant counter.Mutex: Inc without its lock
in     lostupdate.go (*Mutex).Inc
-      c.mu.Lock()
+
-      defer c.mu.Unlock()   
+      c.mu.Unlock()

mutant counter.Atomic: Inc splits its Add
in     lostupdate.go (*Atomic).Inc
-      func (c *Atomic) Inc() { c.n.Add(1) }
+      func (c *Atomic) Inc() { c.n.Store(c.n.Load() + 1) }
run    ^TestNoLostAtomic$
`

func TestParseList(t *testing.T) {
	ms, err := parseList("m.txt", strings.NewReader(goodList))
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.Equal(t, mutant{
		Variant: "counter.Mutex", Desc: "Inc without its lock", File: "lostupdate.go", Decl: "(*Mutex).Inc",
		Edits: []edit{{"c.mu.Lock()", ""}, {"defer c.mu.Unlock()", "c.mu.Unlock()"}}, Pos: "m.txt:3",
	}, ms[0])
	assert.Equal(t, "^TestNoLostAtomic$", ms[1].Run)
	assert.Equal(t, "m.txt:10", ms[1].Pos)
}

func TestParseListErrors(t *testing.T) {
	for _, c := range []struct{ list, want string }{
		{"", "no mutants"},
		{"in x.go F\n", `m.txt:1: "in" before the first`},
		{"mutant counter.Mutex Inc\n", "want `mutant PKG.Variant: description`"},
		{"mutant Mutex: Inc\n", "want `mutant PKG.Variant: description`"},
		{"mutant counter.Mutex: \nin x.go F\n- a\n+\n", "want `mutant PKG.Variant: description`"},
		{"mutant counter.Mutex: d\n- a\n+\n", "has no `in FILE DECL` line"},
		{"mutant counter.Mutex: d\nin x.go F\n", "has no `-` line"},
		{"mutant counter.Mutex: d\nin x.go F\n- a\n", "the last `-` line has no `+` line"},
		{"mutant counter.Mutex: d\nin x.go F\n- a\n- b\n+\n", "m.txt:4: two `-` lines in a row"},
		{"mutant counter.Mutex: d\nin x.go F\n+ a\n", "m.txt:3: a `+` line must follow a `-` line"},
		{"mutant counter.Mutex: d\nin x.go F\n-\n", "m.txt:3: an empty `-` line matches nothing"},
		{"mutant counter.Mutex: d\nin x_test.go F\n- a\n+\n", "want `in FILE.go DECL`"},
		{"mutant counter.Mutex: d\nin x.go\n- a\n+\n", "want `in FILE.go DECL`"},
		{"mutant counter.Mutex: d\nin x.go F\nin y.go G\n- a\n+\n", "a second `in` line"},
		{"mutant counter.Mutex: d\nin x.go F\nrun ^TestX$/sub\n- a\n+\n", "with no /"},
		{"mutant counter.Mutex: d\nin x.go F\nrun (\n- a\n+\n", `run "(":`},
		{"mutant counter.Mutex: d\nin x.go F\nwith a\n", `unknown key "with"`},
	} {
		_, err := parseList("m.txt", strings.NewReader(c.list))
		if assert.Error(t, err, c.list) {
			assert.Contains(t, err.Error(), c.want, c.list)
		}
	}
}

// src has the same line in two functions, a line twice in one, trailing
// comments, a generic receiver and a type.
const src = `package counter

type Mutex struct{ n int }

func (c *Mutex) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock() // on every return
	c.n++
}

func (c *Mutex) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func Twice() {
	x++
	x++
}

func (s *Set[K]) Add(k K) { s.m[k] = struct{}{} }

func Value(v Mutex) (n int) { n = v.n; return } // a func, not the method

type Task struct {
	Op string
	X  int // the operand
}
`

func TestApply(t *testing.T) {
	m := mutant{Decl: "(*Mutex).Inc", Edits: []edit{{"c.mu.Lock()", ""}, {"defer c.mu.Unlock() // on every return", "c.mu.Unlock()"}}}
	out, at, err := apply("x.go", []byte(src), m)
	require.NoError(t, err)
	assert.Equal(t, []int{6, 7}, at, "the lines of Inc, not those of Value")
	want := strings.Replace(src, "\tc.mu.Lock()\n\tdefer c.mu.Unlock() // on every return\n", "\n\tc.mu.Unlock()\n", 1)
	assert.Equal(t, want, string(out), "a deleted line stays as a blank line, so no line moves; the indent is kept")

	// Without its comment the line matches too; blanks are squashed.
	_, at, err = apply("x.go", []byte(src), mutant{Decl: "(*Mutex).Value", Edits: []edit{{"defer  c.mu.Unlock()", ""}}})
	require.NoError(t, err)
	assert.Equal(t, []int{13}, at)
	_, at, err = apply("x.go", []byte(src), mutant{Decl: "(*Mutex).Inc", Edits: []edit{{"defer c.mu.Unlock()", ""}}})
	require.NoError(t, err)
	assert.Equal(t, []int{7}, at)

	for decl, line := range map[string]string{
		"(*Set).Add": "func (s *Set[K]) Add(k K) { s.m[k] = struct{}{} }",
		"Value":      "func Value(v Mutex) (n int) { n = v.n; return }",
		"Task":       "X int",
	} {
		out, _, err := apply("x.go", []byte(src), mutant{Decl: decl, Edits: []edit{{line, "// gone"}}})
		if assert.NoError(t, err, decl) {
			assert.Contains(t, string(out), "// gone", decl)
		}
	}
}

func TestApplyErrors(t *testing.T) {
	for _, c := range []struct {
		m    mutant
		want string
	}{
		{mutant{Decl: "(*Mutex).Dec", Edits: []edit{{"c.n++", ""}}}, "no declaration (*Mutex).Dec"},
		{mutant{Decl: "Mutex.Inc", Edits: []edit{{"c.n++", ""}}}, "no declaration Mutex.Inc"},
		{mutant{Decl: "(*Mutex).Value", Edits: []edit{{"c.n++", ""}}}, `(*Mutex).Value (lines 11-15) has no line "c.n++"`},
		{mutant{Decl: "Twice", Edits: []edit{{"x++", ""}}}, `Twice has "x++" on lines [18 19]`},
		{mutant{Decl: "(*Mutex).Inc", Edits: []edit{{"c.n++", ""}, {"c.n++", "c.n--"}}}, "x.go:8: two edits of one line"},
		{mutant{Decl: "(*Mutex).Inc", Edits: []edit{{"c.n++", "c.n++"}}}, "the edits change nothing"},
		{mutant{Decl: "(*Mutex).Inc", Edits: []edit{{"// on every return", ""}}}, "has no line"},
	} {
		_, _, err := apply("x.go", []byte(src), c.m)
		if assert.Error(t, err, c.want) {
			assert.Contains(t, err.Error(), c.want)
		}
	}
	_, _, err := apply("x.go", []byte("package x\nfunc {"), mutant{Decl: "F"})
	assert.Error(t, err, "a file that does not parse")
}

// writePkg writes a package with two fixed variants and a broken one,
// and a mutation list.
func writePkg(t *testing.T, list string) string {
	dir := t.TempDir()
	files := map[string]string{
		"lesson.go": `package counter

// Unsync has no lock.
//
// Broken: it races.
type Unsync struct{ n int }

func (c *Unsync) Inc() { c.n++ }

// Mutex locks.
//
// Fixed: it does not race.
type Mutex struct{ n int }

func (c *Mutex) Inc() {
	c.n++
}

// Grouped declarations: the spec's own doc counts.
type (
	// Atomic adds atomically.
	//
	// Fixed: one indivisible add.
	Atomic struct{ n int }
)

// Transfer moves money.
//
// Fixed: one lock order.
func Transfer() {}
`,
		"lesson_test.go":          "package counter\n\n// Fixed: not a variant: a test file.\ntype Fake struct{}\n",
		"doc.go":                  "// Package counter: each doc has a paragraph that starts \"Broken:\" or \"Fixed:\".\npackage counter\n",
		"testdata/mutations.txt":  list,
		"testdata/ignored/x.go":   "package x\n\n// Fixed: under testdata.\ntype Ignored struct{}\n",
		"testdata/not_a_list.txt": "",
	}
	for name, text := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	return dir
}

const pkgList = `
mutant counter.Mutex: Inc adds twice
in lesson.go (*Mutex).Inc
- c.n++
+ c.n += 2

mutant counter.Atomic: a field more
in lesson.go Atomic
- Atomic struct{ n int }
+ Atomic struct{ n, m int }

mutant counter.Transfer: does nothing
in lesson.go Transfer
- func Transfer() {}
+ func Transfer() { return }
`

func TestFixedVariants(t *testing.T) {
	pkg, fixed, err := fixedVariants(writePkg(t, pkgList))
	require.NoError(t, err)
	assert.Equal(t, "counter", pkg)
	assert.Equal(t, map[string]bool{"Mutex": true, "Atomic": true, "Transfer": true}, fixed)
}

func TestLoadList(t *testing.T) {
	dir := writePkg(t, pkgList)
	ms, err := loadList(dir)
	require.NoError(t, err)
	require.Len(t, ms, 3)
	assert.Equal(t, dir, ms[0].Pkg)
	assert.Equal(t, "counter", ms[0].Name)
	assert.Equal(t, "Mutex", ms[0].testName())
}

func TestLoadListChecksThePackage(t *testing.T) {
	list := pkgList + `
mutant counter.Unsync: a broken variant
in lesson.go (*Unsync).Inc
- func (c *Unsync) Inc() { c.n++ }
+ func (c *Unsync) Inc() {}

mutant locks.Mutex: another package
in lesson.go (*Mutex).Inc
- c.n++
+

mutant counter.Mutex: a line that is not there
in lesson.go (*Mutex).Inc
- c.n--
+

mutant counter.Mutex: a file that is not there
in other.go (*Mutex).Inc
- c.n++
+
`
	_, err := loadList(writePkg(t, strings.Replace(list, "mutant counter.Transfer", "mutant counter.Mutex", 1)))
	require.Error(t, err)
	for _, want := range []string{
		"mutations.txt:17: counter.Unsync is not a fixed variant of package counter",
		"mutations.txt:22: locks.Mutex is not a fixed variant of package counter",
		`(*Mutex).Inc (lines 15-17) has no line "c.n--"`,
		"mutations.txt:32: open ",
		"other.go: no such file",
		"fixed variant counter.Transfer has no mutant",
	} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = loadList(t.TempDir())
	assert.ErrorIs(t, err, os.ErrNotExist, "a package with no list")
}
