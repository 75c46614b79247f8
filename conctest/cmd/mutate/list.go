package main

import (
	"bufio"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// A mutant is one stanza of a mutation list: one or more line edits in
// one declaration of one file, which break one fixed variant.
type mutant struct {
	Variant string // the variant it breaks, "counter.Mutex"
	Desc    string // what the edit does, "Inc without its lock"
	File    string // the file, relative to the package directory
	Decl    string // the declaration the edits apply in: "(*Mutex).Inc", "TransferByID", "OpTask"
	Edits   []edit
	Run     string // the pattern of the package tests that prove the variant; "" for the default

	Pkg  string // the package directory, as given on the command line
	Pos  string // where the stanza starts: "counter/testdata/mutations.txt:12"
	Name string // the package's name, the variant's prefix
}

// An edit replaces the one line of the declaration that reads Old
// (trimmed, with or without its trailing comment) with New, indented as
// the line was. An empty New blanks the line, so no line moves.
type edit struct{ Old, New string }

// noNew marks an edit whose `+` line has not been read yet.
const noNew = "\x00"

func (m mutant) String() string { return m.Variant + ": " + m.Desc }

// testName returns the name part of m's variant: "Mutex".
func (m mutant) testName() string { return m.Variant[len(m.Name)+1:] }

// parseList reads a mutation list. Every problem is reported, each with
// its position; a list with any problem yields no mutants.
func parseList(name string, r io.Reader) ([]mutant, error) {
	var (
		ms   []mutant
		errs []error
		cur  *mutant
	)
	fail := func(n int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", name, n, fmt.Sprintf(format, args...)))
	}
	done := func(n int) {
		if cur == nil {
			return
		}
		switch {
		case cur.File == "":
			fail(n, "mutant %q has no `in FILE DECL` line", cur.String())
		case len(cur.Edits) == 0:
			fail(n, "mutant %q has no `-` line", cur.String())
		case cur.Edits[len(cur.Edits)-1].New == noNew:
			fail(n, "mutant %q: the last `-` line has no `+` line (an empty `+` deletes)", cur.String())
		default:
			ms = append(ms, *cur)
		}
		cur = nil
	}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, _ := strings.Cut(line, " ")
		val = strings.TrimSpace(val)
		if key != "mutant" && cur == nil {
			fail(n, "%q before the first `mutant` line", key)
			continue
		}
		switch key {
		case "mutant":
			done(n)
			variant, desc, ok := strings.Cut(val, ": ")
			if !ok || !validVariant(variant) || strings.TrimSpace(desc) == "" {
				fail(n, "want `mutant PKG.Variant: description`, got %q", line)
				continue
			}
			cur = &mutant{Variant: variant, Desc: strings.TrimSpace(desc), Pos: fmt.Sprintf("%s:%d", name, n)}
		case "in":
			f := strings.Fields(val)
			if len(f) != 2 || !strings.HasSuffix(f[0], ".go") || strings.HasSuffix(f[0], "_test.go") {
				fail(n, "want `in FILE.go DECL`, got %q", line)
				continue
			}
			if cur.File != "" {
				fail(n, "mutant %q has a second `in` line: a mutant edits one declaration", cur.String())
				continue
			}
			cur.File, cur.Decl = filepath.ToSlash(f[0]), f[1]
		case "run":
			if _, err := regexp.Compile(val); err != nil || val == "" || strings.Contains(val, "/") {
				fail(n, "run %q: want a regexp of top-level test names, with no /", val)
				continue
			}
			cur.Run = val
		case "-":
			if val == "" {
				fail(n, "an empty `-` line matches nothing")
				continue
			}
			if k := len(cur.Edits); k > 0 && cur.Edits[k-1].New == noNew {
				fail(n, "two `-` lines in a row: give each its `+` line (an empty `+` deletes)")
				continue
			}
			cur.Edits = append(cur.Edits, edit{Old: val, New: noNew})
		case "+":
			k := len(cur.Edits)
			if k == 0 || cur.Edits[k-1].New != noNew {
				fail(n, "a `+` line must follow a `-` line")
				continue
			}
			cur.Edits[k-1].New = val
		default:
			fail(n, "unknown key %q: want mutant, in, run, - or +", key)
		}
	}
	done(n)
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %v", name, err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(ms) == 0 {
		return nil, fmt.Errorf("%s: no mutants", name)
	}
	return ms, nil
}

var variantRE = regexp.MustCompile(`^[a-z][a-z0-9]*\.[A-Z]\w*$`)

func validVariant(v string) bool { return variantRE.MatchString(v) }

// apply returns src with m's edits made, and the line of each edit. Each
// edit's line must be found exactly once in m's declaration.
func apply(filename string, src []byte, m mutant) ([]byte, []int, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	node := findDecl(f, m.Decl)
	if node == nil {
		return nil, nil, fmt.Errorf("%s: no declaration %s (want Func, Type, (*Type).Method or Type.Method)", filename, m.Decl)
	}
	from, to := fset.Position(node.Pos()).Line, fset.Position(node.End()).Line
	comments := commentColumns(fset, f)
	lines := strings.SplitAfter(string(src), "\n")
	var at []int
	for _, e := range m.Edits {
		var found []int
		for l := from; l <= to; l++ {
			if matches(lines[l-1], comments[l], e.Old) {
				found = append(found, l)
			}
		}
		switch {
		case len(found) == 0:
			return nil, nil, fmt.Errorf("%s: %s (lines %d-%d) has no line %q", filename, m.Decl, from, to, e.Old)
		case len(found) > 1:
			return nil, nil, fmt.Errorf("%s: %s has %q on lines %v: make the line unique (give its trailing comment too)", filename, m.Decl, e.Old, found)
		}
		for _, l := range at {
			if l == found[0] {
				return nil, nil, fmt.Errorf("%s:%d: two edits of one line", filename, l)
			}
		}
		at = append(at, found[0])
	}
	for i, l := range at {
		old := lines[l-1]
		indent := old[:len(old)-len(strings.TrimLeft(old, " \t"))]
		nl := old[len(strings.TrimRight(old, "\r\n")):]
		if m.Edits[i].New == "" {
			lines[l-1] = nl
		} else {
			lines[l-1] = indent + m.Edits[i].New + nl
		}
	}
	out := []byte(strings.Join(lines, ""))
	if string(out) == string(src) {
		return nil, nil, fmt.Errorf("%s: the edits change nothing", filename)
	}
	return out, at, nil
}

// matches reports whether line, trimmed and with runs of blanks made one
// space, is old: the whole line, or the code before its trailing comment
// (which starts at byte comment, 1-based; 0 if none).
func matches(line string, comment int, old string) bool {
	want := squash(old)
	if squash(line) == want {
		return true
	}
	return comment > 0 && squash(line[:comment-1]) == want
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// commentColumns maps each line to the byte column (1-based) of the first
// comment that starts on it.
func commentColumns(fset *token.FileSet, f *ast.File) map[int]int {
	cols := map[int]int{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			p := fset.Position(c.Pos())
			if _, ok := cols[p.Line]; !ok {
				cols[p.Line] = p.Column
			}
		}
	}
	return cols
}

// findDecl returns the declaration named name: a function, a method as
// "(*T).M" or "T.M", or a type, var or const.
func findDecl(f *ast.File, name string) ast.Node {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if funcName(d) == name {
				return d
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.Name == name {
						return s
					}
				case *ast.ValueSpec:
					for _, id := range s.Names {
						if id.Name == name {
							return s
						}
					}
				}
			}
		}
	}
	return nil
}

// funcName is d's name as a mutation list writes it: "F", "T.M" or "(*T).M".
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	star := false
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = true, s.X
	}
	switch x := t.(type) { // drop type parameters: T[K] is T
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, _ := t.(*ast.Ident)
	if id == nil {
		return d.Name.Name
	}
	if star {
		return "(*" + id.Name + ")." + d.Name.Name
	}
	return id.Name + "." + d.Name.Name
}

// fixedVariants returns the package's name and its fixed variants: the
// types and functions whose doc has a paragraph that starts "Fixed:".
func fixedVariants(dir string) (string, map[string]bool, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", nil, err
	}
	fset := token.NewFileSet()
	pkg, fixed := "", map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return "", nil, err
		}
		pkg = f.Name.Name
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && isFixed(d.Doc) {
					fixed[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if s, ok := s.(*ast.TypeSpec); ok && (isFixed(s.Doc) || len(d.Specs) == 1 && isFixed(d.Doc)) {
						fixed[s.Name.Name] = true
					}
				}
			}
		}
	}
	if pkg == "" {
		return "", nil, fmt.Errorf("%s: no Go files", dir)
	}
	return pkg, fixed, nil
}

func isFixed(doc *ast.CommentGroup) bool {
	if doc == nil {
		return false
	}
	for line := range strings.Lines(doc.Text()) {
		if strings.HasPrefix(line, "Fixed:") {
			return true
		}
	}
	return false
}

// loadList reads dir's testdata/mutations.txt and checks it against the
// package: every mutant breaks a fixed variant, every fixed variant has a
// mutant, and every edit applies.
func loadList(dir string) ([]mutant, error) {
	path := filepath.Join(dir, "testdata", "mutations.txt")
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ms, err := parseList(path, f)
	if err != nil {
		return nil, err
	}
	pkg, fixed, err := fixedVariants(dir)
	if err != nil {
		return nil, err
	}
	var errs []error
	covered := map[string]bool{}
	for i := range ms {
		m := &ms[i]
		m.Pkg, m.Name = dir, pkg
		name, ok := strings.CutPrefix(m.Variant, pkg+".")
		if !ok || !fixed[name] {
			errs = append(errs, fmt.Errorf("%s: %s is not a fixed variant of package %s (its doc needs a Fixed: paragraph)", m.Pos, m.Variant, pkg))
			continue
		}
		covered[name] = true
		src, err := os.ReadFile(filepath.Join(dir, m.File))
		if err == nil {
			_, _, err = apply(filepath.Join(dir, m.File), src, *m)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", m.Pos, err))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(fixed)) {
		if !covered[name] {
			errs = append(errs, fmt.Errorf("%s: fixed variant %s.%s has no mutant", path, pkg, name))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return ms, nil
}
