package racelab

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/racelab/racelab/conctest"
)

// lessonPackages are the directories whose doc comments the catalog must
// cover. A vet-only variant lives in a package under <dir>/testdata.
var lessonPackages = []string{"counter", "locks", "prodcons", "sharedmem", "capture"}

// A variantDoc is a type or function whose doc has a Broken: or Fixed:
// paragraph.
type variantDoc struct {
	name   string // "package.Name"
	broken bool
	pos    string
}

// TestCatalogMatchesSource checks the catalog against the source in both
// directions: every Broken:/Fixed: doc paragraph has a row and a proving
// test, and every row has both.
func TestCatalogMatchesSource(t *testing.T) {
	t.Parallel()
	docs := map[string]variantDoc{}
	tests := map[string][]string{}                  // package -> proving test names
	uses := map[string]map[string]map[string]bool{} // package -> test -> the package's names it uses
	for _, dir := range lessonPackages {
		if _, err := os.Stat(dir); err != nil {
			continue
		}
		for _, d := range variantDocs(t, dir) {
			if prev, ok := docs[d.name]; ok {
				t.Errorf("%s: variant %s documented twice (also at %s)", d.pos, d.name, prev.pos)
			}
			docs[d.name] = d
		}
		tests[dir] = provingTests(t, dir)
		uses[dir] = variantsUsed(t, dir)
	}
	rows := map[string]row{}
	for _, r := range catalog {
		if _, dup := rows[r.variant]; dup {
			t.Errorf("catalog: two rows for %s", r.variant)
		}
		rows[r.variant] = r
		d, ok := docs[r.variant]
		switch {
		case !ok:
			t.Errorf("catalog row %s: no type or func with a Broken: or Fixed: doc paragraph", r.variant)
		case d.broken != isBroken(r):
			t.Errorf("catalog row %s: doc says broken=%v, the row's cells say broken=%v", r.variant, d.broken, isBroken(r))
		}
		pkg, name, _ := strings.Cut(r.variant, ".")
		if test := provingTest(r, name, tests[pkg]); test == "" {
			t.Errorf("catalog row %s: no proving test in %s (want %s)", r.variant, pkg, wantTestName(r, name))
		}
		for _, p := range []string{r.proof, r.bubbleProof} {
			top, _, _ := strings.Cut(p, "/")
			switch {
			case p == "":
			case !slices.Contains(tests[pkg], top):
				t.Errorf("catalog row %s: its proof %s is no proving test of %s", r.variant, p, pkg)
			case !uses[pkg][top][name] && !uses[pkg][top]["New"+name]:
				t.Errorf("catalog row %s: its proof %s never names %s.%s (or %s.New%s): it proves another variant", r.variant, p, pkg, name, pkg, name)
			}
		}
		if r.bubbleProof != "" && (!isBroken(r) || !r.bubble || r.proof == "") {
			t.Errorf("catalog row %s: a bubble proof is a broken row's that runs in a bubble too, beside its plain run's proof", r.variant)
		}
		for _, msg := range rowShape(r) {
			t.Errorf("catalog row %s: %s", r.variant, msg)
		}
	}
	for _, m := range mutations {
		for _, msg := range rowShape(m) {
			t.Errorf("mutation %s: %s", m.variant, msg)
		}
		if m.want != (cells{}) || m.twin != "" {
			t.Errorf("mutation %s: declares cells or a twin; a mutation is only a twin, never a row of the matrix", m.variant)
		}
	}
	for name, d := range docs {
		if _, ok := rows[name]; !ok {
			t.Errorf("%s: %s has a Broken:/Fixed: doc paragraph but no catalog row", d.pos, name)
		}
	}
}

// lessonSupport are the exported names of the lesson packages that are
// no variant, nor a variant's constructor: what the variants take, return
// or are built with, which a reader of go doc meets among the lessons.
var lessonSupport = []string{
	"locks.Account", "locks.NewAccount", "locks.ErrInsufficientFunds", "locks.TotalOf",
	"prodcons.Source", "prodcons.NewSource", "prodcons.Work", "prodcons.Result", "prodcons.Crunch",
	"sharedmem.Proc",
}

// TestLessonPackagesExportOnlyLessons checks that go doc of a lesson
// package lists its lessons and nothing a reader must skip past: every
// exported name is a variant (its doc has a Broken: or Fixed:
// paragraph), a variant's constructor (New<Variant>), or declared in
// lessonSupport. The workloads, and the types they take, live in
// internal/<package>test.
func TestLessonPackagesExportOnlyLessons(t *testing.T) {
	t.Parallel()
	support := map[string]bool{}
	for _, name := range lessonSupport {
		support[name] = false // not yet seen
	}
	for _, dir := range lessonPackages {
		variants := map[string]bool{}
		for _, d := range variantDocs(t, dir) {
			variants[d.name] = true
		}
		pkg := filepath.Base(dir)
		for name, pos := range exportedNames(t, dir) {
			_, supported := support[pkg+"."+name]
			ctor, isCtor := strings.CutPrefix(name, "New")
			switch {
			case supported:
				support[pkg+"."+name] = true
			case variants[pkg+"."+name], isCtor && variants[pkg+"."+ctor]:
			default:
				t.Errorf("%s: %s.%s is exported, but is no variant, no variant's constructor, and not in lessonSupport: "+
					"if only tests use it, move it to internal/%stest", pos, pkg, name, pkg)
			}
		}
	}
	for name, seen := range support {
		if !seen {
			t.Errorf("lessonSupport names %s, which its package does not export", name)
		}
	}
}

// exportedNames returns the package-level exported names declared in
// the non-test files of the package in dir, with their positions.
func exportedNames(t *testing.T, dir string) map[string]string {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	names := map[string]string{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			var ids []*ast.Ident
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					ids = append(ids, d.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch sp := spec.(type) {
					case *ast.TypeSpec:
						ids = append(ids, sp.Name)
					case *ast.ValueSpec:
						ids = append(ids, sp.Names...)
					}
				}
			}
			for _, id := range ids {
				if id.IsExported() {
					names[id.Name] = fset.Position(id.Pos()).String()
				}
			}
		}
	}
	return names
}

// rowShape says what is wrong with the fields of a row (or a mutation):
// a broken row names its finding and no twin, a fixed row no finding; a
// row that runs makes the variant it names, and a vet-only row runs
// nothing; a row that runs, but not in a bubble, says why not.
func rowShape(r row) []string {
	var msgs []string
	broken := isBroken(r) || r.want == (cells{})
	switch {
	case broken && (r.verdict == "" || r.blame == ""):
		msgs = append(msgs, "broken, but declares no finding (verdict and blame)")
	case broken && r.want != (cells{}) && !certain(r, r.verdict):
		msgs = append(msgs, fmt.Sprintf("its verdict %s is no cell it declares on every run", r.verdict))
	case !broken && (r.verdict != "" || r.blame != ""):
		msgs = append(msgs, fmt.Sprintf("fixed, but declares a finding (%s, %q)", r.verdict, r.blame))
	}
	if broken && r.twin != "" {
		msgs = append(msgs, "broken, but names a twin: only a fix has one")
	}
	switch {
	case r.vet == "" && r.want.synctest == "n/a" && r.noBubble == "":
		msgs = append(msgs, "its synctest cell is n/a with no reason: say in noBubble what the variant does that a bubble cannot see, or has nothing to add to")
	case r.noBubble != "" && (r.bubble || r.vet != ""):
		msgs = append(msgs, "says in noBubble why it is not run in a bubble, yet it runs in one, or never runs")
	}
	switch {
	case r.vet != "" && (r.make != nil || r.work.run != nil):
		msgs = append(msgs, "vet-only, but makes or runs a variant")
	case r.vet != "":
	case r.make == nil:
		msgs = append(msgs, "makes no variant")
	case nameOf(r.make()) != r.variant:
		msgs = append(msgs, fmt.Sprintf("makes %s, not the variant it names", nameOf(r.make())))
	case r.want != (cells{}) && (r.work.run == nil || !r.work.fits(r.make())):
		msgs = append(msgs, fmt.Sprintf("its workload cannot run its own variant (a %T)", r.make()))
	}
	return msgs
}

// nameOf is a variant's "package.Name": its type's, or a func's own.
func nameOf(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Func {
		return path.Base(runtime.FuncForPC(rv.Pointer()).Name())
	}
	typ := rv.Type()
	if typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	return path.Base(typ.PkgPath()) + "." + typ.Name()
}

// certain reports whether some cell of r declares verdict v on every
// run: not as one side of an "either".
func certain(r row, v conctest.Verdict) bool {
	for _, d := range columns {
		c := r.want.of(d)
		if !strings.Contains(c, "|") && slices.Contains(strings.Split(c, "+"), string(v)) {
			return true
		}
	}
	return false
}

func isBroken(r row) bool {
	for _, d := range columns {
		if c := r.want.of(d); c != "" && c != "Clean" && c != "n/a" {
			return true
		}
	}
	return false
}

// provingTest finds the test that proves row r: Test<Verdict><Name> with
// the verdict the row is proven by, or TestNo<Verdict><Name> for a fixed
// variant.
func provingTest(r row, name string, tests []string) string {
	for _, test := range tests {
		m := testName().FindStringSubmatch(test)
		if m == nil || m[3] != name {
			continue
		}
		if isBroken(r) && m[1] == "" && m[2] == string(r.verdict) || !isBroken(r) && m[1] == "No" {
			return test
		}
	}
	return ""
}

func wantTestName(r row, name string) string {
	if isBroken(r) {
		return "Test" + string(r.verdict) + name + ", with the verdict the row is proven by"
	}
	return "TestNo<Verdict>" + name
}

var testName = lazyRegexp(`^Test(No)?(Race|Leak|LockOrder|Recursive|LockTimeout|Blocked|Panic|Hang|Lost|Vet|Clean)([A-Z]\w*)$`)

// variantDocs returns the documented variants of the package in dir and
// of the vet-only packages under dir/testdata.
func variantDocs(t *testing.T, dir string) []variantDoc {
	pkg := filepath.Base(dir)
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	more, _ := filepath.Glob(filepath.Join(dir, "testdata", "*", "*.go"))
	var out []variantDoc
	fset := token.NewFileSet()
	for _, f := range append(files, more...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			for name, doc := range declDocs(decl) {
				if broken, ok := verdictParagraph(t, fset.Position(decl.Pos()).String(), doc); ok {
					out = append(out, variantDoc{pkg + "." + name, broken, fset.Position(decl.Pos()).String()})
				}
			}
		}
	}
	return out
}

// declDocs yields the doc text of each type and plain function in decl.
func declDocs(decl ast.Decl) map[string]string {
	docs := map[string]string{}
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil && d.Doc != nil {
			docs[d.Name.Name] = d.Doc.Text()
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			ts, ok := spec.(*ast.TypeSpec)
			if !ok {
				continue
			}
			doc := ts.Doc
			if doc == nil && len(d.Specs) == 1 {
				doc = d.Doc
			}
			if doc != nil {
				docs[ts.Name.Name] = doc.Text()
			}
		}
	}
	return docs
}

// verdictParagraph finds the one paragraph starting "Broken:" or "Fixed:".
func verdictParagraph(t *testing.T, pos, doc string) (broken, ok bool) {
	n := 0
	for _, para := range strings.Split(doc, "\n\n") {
		switch {
		case strings.HasPrefix(para, "Broken:"):
			broken, ok = true, true
			n++
		case strings.HasPrefix(para, "Fixed:"):
			ok = true
			n++
		}
	}
	if n > 1 {
		t.Errorf("%s: %d Broken:/Fixed: paragraphs, want exactly one", pos, n)
	}
	return broken, ok
}

// provingTests lists the test functions of the package in dir that call a
// conctest proof.
func provingTests(t *testing.T, dir string) []string {
	var names []string
	for _, fn := range testFuncs(t, dir) {
		if callsProof(fn) {
			names = append(names, fn.Name.Name)
		}
	}
	slices.Sort(names)
	return names
}

// variantsUsed maps each test function of the package in dir to the
// names of that package it uses (Mutex, NewSendLocked), as written in
// its body: which variants its proofs run.
func variantsUsed(t *testing.T, dir string) map[string]map[string]bool {
	pkg := filepath.Base(dir)
	used := map[string]map[string]bool{}
	for _, fn := range testFuncs(t, dir) {
		names := map[string]bool{}
		ast.Inspect(fn, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := sel.X.(*ast.Ident); ok && x.Name == pkg {
					names[sel.Sel.Name] = true
				}
			}
			return true
		})
		used[fn.Name.Name] = names
	}
	return used
}

// testFuncs parses the package in dir's test files and returns their
// Test functions.
func testFuncs(t *testing.T, dir string) []*ast.FuncDecl {
	files, _ := filepath.Glob(filepath.Join(dir, "*_test.go"))
	var fns []*ast.FuncDecl
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && strings.HasPrefix(fn.Name.Name, "Test") {
				fns = append(fns, fn)
			}
		}
	}
	return fns
}

func callsProof(fn *ast.FuncDecl) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && (x.Name == "conctest" || x.Name == "static") && strings.HasPrefix(sel.Sel.Name, "Prove") {
				found = true
			}
		}
		return !found
	})
	return found
}
