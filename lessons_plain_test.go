package racelab

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A lesson file is code someone would ship: it imports the standard
// library, x/sync and x/sys only (never go-deadlock, never a package of
// this module's harness), and declares nothing for the tests. The
// interleaving points are comments; the test builds add the rest.
func TestLessonsArePlainGo(t *testing.T) {
	t.Parallel()
	// allowed says whether a lesson may import path. A lesson package
	// may import another lesson package's API.
	allowed := func(path string) bool {
		first, _, _ := strings.Cut(path, "/")
		switch {
		case !strings.Contains(first, "."):
			return true // the standard library
		case strings.HasPrefix(path, "golang.org/x/sync/"), strings.HasPrefix(path, "golang.org/x/sys/"):
			return true
		case path == "github.com/racelab/racelab/internal/worker":
			// sharedmem's processes: the shared file, its mapping and the
			// pipes, as multiprocessing gives them to Python's. Its
			// handshakes, which force an interleaving between processes,
			// are called from the test build's marks only.
			return true
		}
		return false
	}
	// Names that exist only for a harness.
	harness := []string{"window", "hook", "setWindow", "inWindow", "lockWindow", "schedWindow", "Window", "Contended", "Turn", "Tell", "Hear"}
	for _, dir := range lessonPackages {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); !allowed(p) {
					t.Errorf("%s imports %s: a lesson imports the standard library, x/sync and x/sys only", file, p)
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && slices.Contains(harness, id.Name) {
					t.Errorf("%s declares or uses %s, which exists for a harness: mark the point with a comment (internal/points)", file, id.Name)
				}
				return true
			})
		}
	}
}
