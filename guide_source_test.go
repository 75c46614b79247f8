package racelab

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/doc/comment"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The code the guide shows: a variant's declarations as its lesson file
// has them, the helpers of its package that its code uses, each
// variant's shape (what a caller sees of it), and the renaming that
// gives a sheet, or both sides of a diff, one neutral name.

// A source is a variant's declarations: its type and methods and
// constructor, or its func, and the funcs of its file that take or
// return it; each with its doc comment.
type source struct {
	decls []declSource
	main  int // the index of the type's or the func's own declaration
}

type declSource struct {
	doc  string // the doc comment's text, without comment markers
	code string // the declaration as written, with its comments
	// where it is: its file, its first line (its doc's) and its last
	file       string
	start, end int
	recv       string // a method's receiver variable, if it names one
}

// text is the variant's code: with doc comments or without; with its
// Broken:/Fixed: paragraph and comments, or without (for an exercise).
func (s source) text(withDoc, answers bool) string {
	var b strings.Builder
	for i, d := range s.decls {
		// Declarations that touch in the file touch here too.
		if i > 0 {
			b.WriteString("\n")
			if prev := s.decls[i-1]; prev.file != d.file || prev.end+1 != d.start {
				b.WriteString("\n")
			}
		}
		if withDoc && d.doc != "" {
			b.WriteString(commentText(d.doc, answers))
		}
		code := d.code
		if !answers {
			code = stripComments(code)
		}
		b.WriteString(code)
	}
	return gofmt(b.String())
}

// commentText is a doc comment as // lines; without answers, the
// Broken:/Fixed: paragraph is left out.
func commentText(doc string, answers bool) string {
	var paras []string
	for _, para := range strings.Split(strings.TrimSpace(doc), "\n\n") {
		if !answers && (strings.HasPrefix(para, "Broken:") || strings.HasPrefix(para, "Fixed:")) {
			continue
		}
		paras = append(paras, para)
	}
	if len(paras) == 0 {
		return ""
	}
	var p comment.Parser
	var pr comment.Printer
	var b strings.Builder
	for line := range strings.Lines(string(pr.Comment(p.Parse(strings.Join(paras, "\n\n"))))) {
		b.WriteString(strings.TrimRight("// "+line, " \n") + "\n")
	}
	return b.String()
}

// stripComments removes the comments from Go code, and the lines they
// leave empty.
func stripComments(code string) string {
	// A line that holds only a comment goes, with its line: a blank line
	// where a mark was would point at it.
	var kept []string
	for line := range strings.Lines(code) {
		if !strings.HasPrefix(strings.TrimSpace(line), "//") {
			kept = append(kept, line)
		}
	}
	src := []byte(strings.Join(kept, ""))
	var b strings.Builder
	last := 0
	for _, t := range goTokens(src) {
		if t.tok == token.COMMENT {
			b.Write(src[last:t.off])
			last = t.off + len(t.lit)
		}
	}
	b.Write(src[last:])
	var lines []string
	for line := range strings.Lines(b.String()) {
		trimmed := strings.TrimRight(line, " \t\n")
		if strings.TrimSpace(trimmed) == "" && strings.TrimSpace(line) != "" {
			continue
		}
		lines = append(lines, trimmed)
	}
	return strings.Join(lines, "\n")
}

// codeOnly is Go code with its comments blanked out, line for line: the
// same number of lines, each without its comment or trailing blanks.
func codeOnly(code string) string {
	src := []byte(code)
	for _, t := range goTokens(src) {
		if t.tok == token.COMMENT {
			for k := t.off; k < t.off+len(t.lit); k++ {
				if src[k] != '\n' {
					src[k] = ' '
				}
			}
		}
	}
	lines := strings.Split(string(src), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// gofmt is Go declarations as gofmt prints them (so that a group's
// alignment, lost when one of them is shown alone or renamed, is
// redone), or as they are if they do not parse. They are formatted as a
// file, not as format.Source's partial source, which drops the "//"
// line between two paragraphs of a leading doc comment.
func gofmt(code string) string {
	const clause = "package p\n\n"
	out, err := format.Source([]byte(clause + code))
	if err != nil {
		return code
	}
	return strings.TrimRight(strings.TrimPrefix(string(out), clause), "\n")
}

// A goToken is one token of Go code: where it starts, what it is, and
// its text.
type goToken struct {
	off int
	tok token.Token
	lit string
}

// goTokens are the tokens of Go code, comments included, but not the
// semicolons the scanner adds at the ends of lines.
func goTokens(src []byte) []goToken {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", fset.Base(), len(src)), src, nil, scanner.ScanComments)
	var toks []goToken
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return toks
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		toks = append(toks, goToken{fset.Position(pos).Offset, tok, lit})
	}
}

// A pkgDecl is one top-level declaration of a package's non-test files.
type pkgDecl struct {
	declSource
	names    []string // what it declares: a type, func, var or const (several, for a block)...
	recvType string   // ...or a method of this type (names holds the method)
	sig      string   // a func's or method's signature, parameter names left out
	uses     []string // the identifiers it names, and the string literals it holds
	selects  []string // the names it selects (x.name): fields and methods
	embeds   []string // a struct type's embedded types
	verdict  bool     // its doc has a Broken: or Fixed: paragraph: it is a variant
}

func (d pkgDecl) declares(name string) bool {
	return d.recvType == "" && slices.Contains(d.names, name)
}

// parseDecls reads every top-level declaration of the package in dir.
func parseDecls(dir string) ([]pkgDecl, error) {
	parsed.Lock()
	defer parsed.Unlock()
	p, ok := parsed.dirs[dir]
	if !ok {
		p.decls, p.err = parseDir(dir)
		parsed.dirs[dir] = p
	}
	return slices.Clone(p.decls), p.err
}

// parsed holds each package directory's declarations, parsed once per
// test binary: the guide asks for a package's declarations once per
// variant, and the lessons do not change under a run.
var parsed = struct {
	sync.Mutex
	dirs map[string]struct {
		decls []pkgDecl
		err   error
	}
}{dirs: map[string]struct {
	decls []pkgDecl
	err   error
}{}}

// parseDir parses the declarations of the package in dir.
func parseDir(dir string) ([]pkgDecl, error) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	var out []pkgDecl
	fset := token.NewFileSet()
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		f, err := parser.ParseFile(fset, path, text, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		lines := strings.SplitAfter(string(text), "\n")
		for _, decl := range f.Decls {
			if g, ok := decl.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				continue
			}
			start, end := fset.Position(decl.Pos()).Line, fset.Position(decl.End()).Line
			d := pkgDecl{declSource: declSource{code: strings.TrimRight(strings.Join(lines[start-1:end], ""), "\n"), file: path, start: start, end: end}}
			if g := docOf(decl); g != nil {
				d.doc, d.start = g.Text(), fset.Position(g.Pos()).Line
				d.verdict = strings.Contains("\n"+d.doc, "\nBroken:") || strings.Contains("\n"+d.doc, "\nFixed:")
			}
			describe(&d, decl)
			out = append(out, d)
		}
	}
	return out, nil
}

// describe fills in what a declaration declares, names and selects.
func describe(d *pkgDecl, decl ast.Decl) {
	switch x := decl.(type) {
	case *ast.FuncDecl:
		d.names = []string{x.Name.Name}
		d.sig = signature(x.Type)
		if x.Recv != nil {
			d.recvType = declName(x)
			if names := x.Recv.List[0].Names; len(names) > 0 && names[0].Name != "_" {
				d.recv = names[0].Name
			}
		}
	case *ast.GenDecl:
		for _, spec := range x.Specs {
			switch sp := spec.(type) {
			case *ast.TypeSpec:
				d.names = append(d.names, sp.Name.Name)
				if st, ok := sp.Type.(*ast.StructType); ok {
					for _, f := range st.Fields.List {
						if len(f.Names) == 0 {
							d.embeds = append(d.embeds, typeName(f.Type))
						}
					}
				}
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					d.names = append(d.names, n.Name)
				}
			}
		}
	}
	// An identifier that declares (a func, a type, a field, a
	// parameter) or is selected uses nothing of the package.
	skip := map[*ast.Ident]bool{}
	ast.Inspect(decl, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncDecl:
			skip[x.Name] = true
		case *ast.TypeSpec:
			skip[x.Name] = true
		case *ast.ValueSpec:
			for _, id := range x.Names {
				skip[id] = true
			}
		case *ast.Field:
			for _, id := range x.Names {
				skip[id] = true
			}
		case *ast.SelectorExpr:
			skip[x.Sel] = true
			d.selects = append(d.selects, x.Sel.Name)
		case *ast.Ident:
			if !skip[x] {
				d.uses = append(d.uses, x.Name)
			}
		case *ast.BasicLit:
			if s, err := strconv.Unquote(x.Value); err == nil && x.Kind == token.STRING {
				d.uses = append(d.uses, s)
			}
		}
		return true
	})
}

// typeName is the name of a (possibly pointer) named type, or "".
func typeName(e ast.Expr) string {
	if star, ok := e.(*ast.StarExpr); ok {
		e = star.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// signature is a func type as a caller sees it: its parameter and
// result types, without their names.
func signature(ft *ast.FuncType) string {
	list := func(fl *ast.FieldList) string {
		if fl == nil {
			return ""
		}
		var ts []string
		for _, f := range fl.List {
			for range max(1, len(f.Names)) {
				ts = append(ts, types.ExprString(f.Type))
			}
		}
		return strings.Join(ts, ", ")
	}
	return "(" + list(ft.Params) + ") (" + list(ft.Results) + ")"
}

// docOf is a declaration's doc comment.
func docOf(decl ast.Decl) *ast.CommentGroup {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		return d.Doc
	case *ast.GenDecl:
		if d.Doc != nil {
			return d.Doc
		}
		if len(d.Specs) == 1 {
			if ts, ok := d.Specs[0].(*ast.TypeSpec); ok {
				return ts.Doc
			}
		}
	}
	return nil
}

// variantSource finds a row's declarations in its lesson package (or,
// for a vet-only row, its testdata package), in file order: the type
// and its methods and New<Name>, or the func; and the funcs of its file
// that take or return the type (locks.TotalOf, which ranges over a
// slice of gauges), which are part of its lesson.
func variantSource(t *testing.T, r row) (source, error) {
	pkg, name, _ := strings.Cut(r.variant, ".")
	dir := cmp.Or(r.vet, pkg)
	decls, err := parseDecls(dir)
	if err != nil {
		return source{}, err
	}
	var s source
	mainStart := 0
	for _, d := range decls {
		if d.recvType == name || d.declares(name) || d.declares("New"+name) {
			if d.declares(name) {
				s.main, mainStart = len(s.decls), d.start
			}
			s.decls = append(s.decls, d.declSource)
		}
	}
	if len(s.decls) == 0 {
		return s, fmt.Errorf("guide: no declaration of %s in %s", name, dir)
	}
	// The lesson is the file that declares the variant: a method the
	// tests need, kept in another file, is not part of it.
	file := s.decls[s.main].file
	s.decls = slices.DeleteFunc(s.decls, func(d declSource) bool { return d.file != file })
	for _, d := range decls {
		if d.file == file && d.recvType == "" && d.sig != "" && !d.verdict && !d.declares("New"+name) &&
			slices.Contains(strings.FieldsFunc(d.sig, notIdent), name) {
			s.decls = append(s.decls, d.declSource)
		}
	}
	slices.SortStableFunc(s.decls, func(a, b declSource) int { return a.start - b.start })
	s.main = slices.IndexFunc(s.decls, func(d declSource) bool { return d.start == mainStart })
	return s, nil
}

func notIdent(r rune) bool {
	return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
}

// helperSource is what the code of variants (the rows of one package
// directory) uses from their package, directly or through another
// helper, in file order: the unexported declarations it names, and the
// exported ones of the lesson file (an Account whose fields a transfer
// locks), but no variant; of a helper type, the methods the code
// selects and, where a variant embeds it, its exported methods, which
// are the variant's own. A string that names a func of the package
// names it too: sharedmem's worker.InChild("visit") runs visit in a
// child process. The exported declarations of other files (prodcons'
// Source, Work and Result) are the vocabulary every lesson of the
// package shares, which go doc documents: the code names them, the sheet
// does not repeat them.
func helperSource(rows []row) (source, error) {
	if len(rows) == 0 {
		return source{}, nil
	}
	pkg, _, _ := strings.Cut(rows[0].variant, ".")
	dir := cmp.Or(rows[0].vet, pkg)
	decls, err := parseDecls(dir)
	if err != nil {
		return source{}, err
	}
	variants := map[string]bool{}
	for _, d := range decls {
		if d.verdict {
			for _, n := range d.names {
				variants[n], variants["New"+n] = true, true
			}
		}
	}
	lessonFile := ""
	// in: a helper; shown: a variant, or a variant's, never a helper.
	in, shown := make([]bool, len(decls)), make([]bool, len(decls))
	used, selected, embedded := map[string]bool{}, map[string]bool{}, map[string]bool{}
	note := func(d pkgDecl) {
		for _, u := range d.uses {
			used[u] = true
		}
		for _, s := range d.selects {
			selected[s] = true
		}
		for _, e := range d.embeds {
			used[e], embedded[e] = true, true
		}
	}
	for _, r := range rows {
		src, err := variantSource(nil, r)
		if err != nil {
			return source{}, err
		}
		lessonFile = src.decls[src.main].file
		for i, d := range decls {
			if slices.ContainsFunc(src.decls, func(s declSource) bool { return s.file == d.file && s.start == d.start }) {
				shown[i] = true
				note(d)
			}
		}
	}
	for i, d := range decls {
		if variants[d.recvType] || d.recvType == "" && slices.ContainsFunc(d.names, func(n string) bool { return variants[n] }) {
			shown[i] = true
		}
	}
	for grew := true; grew; {
		grew = false
		for i, d := range decls {
			if shown[i] || in[i] || len(d.names) == 0 || d.names[0] == "init" {
				continue
			}
			var wanted bool
			if d.recvType == "" {
				exported := token.IsExported(d.names[0])
				wanted = (!exported || d.file == lessonFile) && slices.ContainsFunc(d.names, func(n string) bool { return used[n] })
			} else {
				owner := slices.IndexFunc(decls, func(o pkgDecl) bool { return o.declares(d.recvType) })
				wanted = owner >= 0 && in[owner] && (selected[d.names[0]] || embedded[d.recvType] && token.IsExported(d.names[0]))
			}
			if wanted {
				in[i], grew = true, true
				note(d)
			}
		}
	}
	var s source
	for i, d := range decls {
		if in[i] {
			s.decls = append(s.decls, d.declSource)
		}
	}
	return s, nil
}

// shapeOf is what a caller sees of a variant, its own name written T: a
// func's signature, or a type's exported methods (its own and those it
// gets from the types it embeds) with theirs, whatever its receivers.
// Two variants of different shapes are never diffed against each other.
func shapeOf(r row) (string, error) {
	pkg, name, _ := strings.Cut(r.variant, ".")
	decls, err := parseDecls(cmp.Or(r.vet, pkg))
	if err != nil {
		return "", err
	}
	var methods []string
	var of func(typ string, depth int)
	of = func(typ string, depth int) {
		for _, d := range decls {
			switch {
			case d.recvType == typ && token.IsExported(d.names[0]):
				methods = append(methods, d.names[0]+d.sig)
			case d.declares(typ) && depth < 5:
				for _, e := range d.embeds {
					of(e, depth+1)
				}
			}
		}
	}
	i := slices.IndexFunc(decls, func(d pkgDecl) bool { return d.declares(name) })
	switch {
	case i < 0:
		return "", fmt.Errorf("guide: no declaration of %s", r.variant)
	case decls[i].sig != "":
		return renameIdents("func"+decls[i].sig, "", map[string]string{name: "T"}), nil
	}
	of(name, 0)
	slices.Sort(methods)
	return renameIdents("type: "+strings.Join(slices.Compact(methods), "; "), "", map[string]string{name: "T"}), nil
}

// renameIdents renames, in Go code, each identifier that is a key of
// names, and its constructor New<key>, to its value; in comments and
// strings, each such whole word. A name selected from something else
// (sync.Mutex, where Mutex is also a variant's name) is left alone, but
// for one qualified by pkg, the variants' own package, in a string or a
// comment ("sharedmem.SpinLock: still held").
func renameIdents(code, pkg string, names map[string]string) string {
	if len(names) == 0 {
		return code
	}
	var alts []string
	for old := range names {
		alts = append(alts, regexp.QuoteMeta(old))
	}
	slices.Sort(alts)
	word := regexp.MustCompile(`\b(New)?(` + strings.Join(alts, "|") + `)\b`)
	renamed := func(text string) string {
		var b strings.Builder
		last := 0
		for _, m := range word.FindAllStringSubmatchIndex(text, -1) {
			if m[0] > 0 && text[m[0]-1] == '.' && (pkg == "" || !strings.HasSuffix(text[:m[0]-1], pkg)) {
				continue
			}
			b.WriteString(text[last:m[0]])
			if m[2] >= 0 { // New<name>
				b.WriteString("New")
			}
			b.WriteString(names[text[m[4]:m[5]]])
			last = m[1]
		}
		return b.String() + text[last:]
	}
	src := []byte(code)
	var b strings.Builder
	last, prev := 0, token.ILLEGAL
	for _, t := range goTokens(src) {
		var repl string
		switch {
		case t.tok == token.IDENT && prev != token.PERIOD:
			if m := word.FindString(t.lit); m == t.lit {
				repl = renamed(t.lit)
			}
		case t.tok == token.STRING || t.tok == token.CHAR || t.tok == token.COMMENT:
			repl = renamed(t.lit)
		}
		if t.tok != token.COMMENT {
			prev = t.tok
		}
		if repl != "" && repl != t.lit {
			b.WriteString(code[last:t.off])
			b.WriteString(repl)
			last = t.off + len(t.lit)
		}
	}
	b.WriteString(code[last:])
	return b.String()
}

// renameVar renames the identifier old, and nothing else, to new.
func renameVar(code, old, new string) string {
	var b strings.Builder
	last := 0
	for _, t := range goTokens([]byte(code)) {
		if t.tok == token.IDENT && t.lit == old {
			b.WriteString(code[last:t.off] + new)
			last = t.off + len(old)
		}
	}
	return b.String() + code[last:]
}

// identsIn is the set of identifiers in Go code.
func identsIn(code string) map[string]bool {
	ids := map[string]bool{}
	for _, t := range goTokens([]byte(code)) {
		if t.tok == token.IDENT {
			ids[t.lit] = true
		}
	}
	return ids
}

// receiverOf is the one name every method of s gives its receiver, or "".
func receiverOf(s source) string {
	var names []string
	for _, d := range s.decls {
		if d.recv != "" {
			names = append(names, d.recv)
		}
	}
	slices.Sort(names)
	if names = slices.Compact(names); len(names) == 1 {
		return names[0]
	}
	return ""
}
