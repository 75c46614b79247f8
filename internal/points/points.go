// Package points turns the interleaving points the lessons mark with a
// comment into windows a test can hold a goroutine in, in test builds
// only.
//
// A lesson marks a point with the comment a reviewer reads, on a line of
// its own. Marks lists them; Rewrite turns each marked line into a call
// of window.At with the receiver of the method it is in, keeping the
// comment, and adds to the package a file that declares the receivers'
// types to package window. Every line stays where it was, so what a
// detector reports of the rewritten file names the lines of the source.
// The Go command builds the rewritten files in place of the source with
// -overlay; nothing on disk changes.
package points

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
)

// A Mark is one interleaving point: the comment on a line of its own in
// a lesson file (the text after "// ").
type Mark struct {
	File    string // slash-separated, from the module's root
	Comment string
	// Call is the statement the line becomes, before its comment: by
	// default a call of window.At with the method's receiver. sharedmem's
	// marks call the worker process's own handshake (internal/worker).
	Call string
	// Mutant marks the comment of a mutation (testdata/mutations.txt),
	// which may be absent from the lesson: a mutant whose one changed
	// line splits an operation writes it inline, as /* comment */, where
	// the window goes.
	Mutant bool
}

// Marks are the lessons' interleaving points.
var Marks = []Mark{
	{"counter/loadstore.go", "another Inc may run here: its update is overwritten by the Store", "", false},
	{"counter/loadstore.go", "another Inc may run here: then the swap fails, and the loop retries", "", false},
	// The mutants of Atomic and Sharded that the fixes' twins run.
	{"counter/mutant_test.go", "another Inc may run here: its update is overwritten by the Store", "", false},
	{"locks/rlock.go", "a writer's Lock may arrive here", "", false},
	{"locks/rwwrite.go", "another Get may be here too", "", false},
	{"locks/rwwrite.go", "no other Get can be here", "", false},
	{"locks/lockorder.go", "a transfer into a may arrive here: it must wait for the lock", "", false},
	{"prodcons/source.go", "every other producer may run out at this same moment", "", false},
	{"prodcons/waitgroup.go", "the scheduler may start this goroutine after Wait has returned", "", false},
	// Between processes, a forced interleaving is a handshake over the
	// workers' pipes: internal/worker's Proc.Window and Proc.Contended.
	{"sharedmem/counter.go", "another process may add here", "p.Window()", false},
	{"sharedmem/counter.go", "another process waits in Lock meanwhile", "p.Window()", false},
	{"sharedmem/array.go", "another process may take one here", "p.Window()", false},
	{"sharedmem/array.go", "another process waits in Lock meanwhile", "p.Window()", false},
	{"sharedmem/crash.go", "held by another process: wait", "p.Contended()", false},
	{"sharedmem/mutant_test.go", "another process may add here", "p.Window()", false},
	// The mutants of Atomic and Sharded that make mutate splits their Add.
	{"counter/lostupdate.go", "another Inc may run here", "", true},
	{"counter/sharded.go", "another Inc may run here", "", true},
	// The mutant of SwapFlush that splits its Swap.
	{"counter/mixed.go", "a Hit may run here", "", true},
	// LoadThenStore's, and the mutants of its fixes that split the
	// check from the store, which write it inline.
	{"locks/checkact.go", "another Claim may run here: it finds the name free too", "", false},
}

// WindowPath is the import path of package window.
const WindowPath = "github.com/racelab/racelab/internal/window"

// alias is the name the rewritten files import package window by, one no
// lesson uses.
const alias = "window__"

// Rewrite returns src, the file at path, with each line that holds only
// "// " and the comment of one of marks made a call of window.At with the
// receiver of the method around it (or the mark's Call), and the
// receivers' types (such as "(*LoadStore)(nil)"), for Declare. Every
// comment must be there.
func Rewrite(path string, src []byte, marks []Mark) (out []byte, types []string, err error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, err
	}
	lines := bytes.SplitAfter(src, []byte("\n"))
	imports := false
	for _, m := range marks {
		c := m.Comment
		var found, inline []int
		for i, l := range lines {
			switch {
			case strings.TrimSpace(string(l)) == "// "+c:
				found = append(found, i)
			case bytes.Contains(l, []byte("/* "+c+" */")):
				inline = append(inline, i)
			}
		}
		if len(found) == 0 && len(inline) == 0 && !m.Mutant {
			return nil, nil, fmt.Errorf("%s: no line holds the mark %q", path, c)
		}
		for _, i := range slices.Concat(found, inline) {
			call := m.Call
			if call == "" {
				recv, typ, err := receiver(fset, f, i+1)
				if err != nil {
					return nil, nil, fmt.Errorf("%s:%d: %v", path, i+1, err)
				}
				call, imports = alias+".At("+recv+")", true
				if !slices.Contains(types, typ) {
					types = append(types, typ)
				}
			}
			l := string(lines[i])
			if slices.Contains(inline, i) {
				block := "/* " + c + " */"
				lines[i] = []byte(strings.Replace(l, block, call+"; "+block, 1))
				continue
			}
			indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
			lines[i] = []byte(fmt.Sprintf("%s%s %s", indent, call, strings.TrimLeft(l, " \t")))
		}
	}
	if !imports {
		return bytes.Join(lines, nil), nil, nil
	}
	// The import goes on the package clause's line, so no line moves.
	pkgLine := fset.Position(f.Name.End()).Line - 1
	end := fset.Position(f.Name.End()).Column - 1
	l := lines[pkgLine]
	lines[pkgLine] = []byte(fmt.Sprintf("%s; import %s %q%s", l[:end], alias, WindowPath, l[end:]))
	return bytes.Join(lines, nil), types, nil
}

// receiver returns the name of the receiver of the method whose body
// holds line, and its type as an expression of a nil value of it.
func receiver(fset *token.FileSet, f *ast.File, line int) (name, typ string, err error) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fset.Position(fd.Body.Lbrace).Line > line || fset.Position(fd.Body.Rbrace).Line < line {
			continue
		}
		if fd.Recv == nil || len(fd.Recv.List[0].Names) == 0 || fd.Recv.List[0].Names[0].Name == "_" {
			return "", "", fmt.Errorf("the mark is in %s, which has no named receiver to key its window by", fd.Name.Name)
		}
		star, ok := fd.Recv.List[0].Type.(*ast.StarExpr)
		if !ok {
			return "", "", fmt.Errorf("the mark is in %s, whose receiver is not a pointer", fd.Name.Name)
		}
		id, ok := star.X.(*ast.Ident)
		if !ok {
			return "", "", fmt.Errorf("the mark is in %s, whose receiver's type is generic", fd.Name.Name)
		}
		return fd.Recv.List[0].Names[0].Name, "(*" + id.Name + ")(nil)", nil
	}
	return "", "", fmt.Errorf("the mark is in no method")
}

// Files returns what a build with windows puts in place of the lesson
// files and adds beside them: for each file Marks names, under root,
// the file rewritten; for each of their packages, a file that declares
// the types with a window. read reads a file (of the disk, or of
// another overlay).
func Files(root string, read func(path string) ([]byte, error)) (map[string][]byte, error) {
	byFile := map[string][]Mark{}
	var order []string
	for _, m := range Marks {
		if _, ok := byFile[m.File]; !ok {
			order = append(order, m.File)
		}
		byFile[m.File] = append(byFile[m.File], m)
	}
	out := map[string][]byte{}
	declares := map[string][]string{} // the declaring file's path: types
	pkgName := map[string]string{}
	for _, file := range order {
		path := filepath.Join(root, filepath.FromSlash(file))
		src, err := read(path)
		if err != nil {
			return nil, err
		}
		rewritten, types, err := Rewrite(path, src, byFile[file])
		if err != nil {
			return nil, err
		}
		out[path] = rewritten
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.PackageClauseOnly)
		if err != nil {
			return nil, err
		}
		// A test file's types are declared by a test file of its
		// package: the package's other builds do not have them.
		decl := filepath.Join(filepath.Dir(path), "zz_points.go")
		if strings.HasSuffix(path, "_test.go") {
			decl = filepath.Join(filepath.Dir(path), "zz_points_"+f.Name.Name+"_test.go")
		}
		declares[decl] = append(declares[decl], types...)
		pkgName[decl] = f.Name.Name
	}
	for decl, types := range declares {
		out[decl] = fmt.Appendf(nil,
			"// Code generated by internal/points for test builds. DO NOT EDIT.\n\npackage %s\n\nimport %s %q\n\nfunc init() { %s.Declare(%s) }\n",
			pkgName[decl], alias, WindowPath, alias, strings.Join(types, ", "))
	}
	return out, nil
}
