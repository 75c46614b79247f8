package points

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const src = `package p // a comment on the package line

import "sync/atomic"

type C struct{ n atomic.Int64 }

func (c *C) Inc() {
	v := c.n.Load()
	// another Inc may run here
	c.n.Store(v + 1)
}
`

func TestRewriteKeepsEveryLine(t *testing.T) {
	out, types, err := Rewrite("p.go", []byte(src), []Mark{{Comment: "another Inc may run here"}})
	require.NoError(t, err)
	assert.Equal(t, []string{"(*C)(nil)"}, types)
	in, got := strings.Split(src, "\n"), strings.Split(string(out), "\n")
	require.Len(t, got, len(in), "no line moves")
	assert.Equal(t, `package p; import window__ "github.com/racelab/racelab/internal/window" // a comment on the package line`, got[0])
	assert.Equal(t, "\twindow__.At(c) // another Inc may run here", got[8])
	for i := range in {
		if i != 0 && i != 8 {
			assert.Equal(t, in[i], got[i], "line %d", i+1)
		}
	}
}

func TestRewriteRefusesWhatItCannotKey(t *testing.T) {
	_, _, err := Rewrite("p.go", []byte(src), []Mark{{Comment: "no such mark"}})
	assert.ErrorContains(t, err, `no line holds the mark "no such mark"`)

	value := strings.Replace(src, "func (c *C)", "func (c C)", 1)
	_, _, err = Rewrite("p.go", []byte(value), []Mark{{Comment: "another Inc may run here"}})
	assert.ErrorContains(t, err, "p.go:9: the mark is in Inc, whose receiver is not a pointer")

	plain := strings.Replace(src, "func (c *C) Inc()", "func Inc(c *C)", 1)
	_, _, err = Rewrite("p.go", []byte(plain), []Mark{{Comment: "another Inc may run here"}})
	assert.ErrorContains(t, err, "the mark is in Inc, which has no named receiver")

	// A trailing comment is no mark: the mark is a line of its own.
	trailing := strings.Replace(src, "\t// another Inc may run here\n\tc.n.Store(v + 1)", "\tc.n.Store(v + 1) // another Inc may run here", 1)
	_, _, err = Rewrite("p.go", []byte(trailing), []Mark{{Comment: "another Inc may run here"}})
	assert.ErrorContains(t, err, "no line holds the mark")
}

// Every mark is in the lessons as written, and the rewritten files are
// the lessons' files with the marked lines changed, and no other.
func TestEveryMarkIsInItsLesson(t *testing.T) {
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	files, err := Files(root, os.ReadFile)
	require.NoError(t, err)
	for _, m := range Marks {
		if m.Mutant {
			continue // a mutation's: see TestMutantMarks
		}
		path := filepath.Join(root, filepath.FromSlash(m.File))
		got, ok := files[path]
		require.True(t, ok, "%s is rewritten", m.File)
		call := m.Call
		if call == "" {
			call = ".At("
		}
		assert.True(t, bytes.Contains(got, []byte(call)), "%s holds a window", m.File)
		orig, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.Equal(t, bytes.Count(orig, []byte("\n")), bytes.Count(got, []byte("\n")), "%s: no line moves", m.File)
	}
}

// A mutant's mark, inline in the one line a mutation changes, becomes a
// window there, and a mutant mark the source lacks is no error.
func TestMutantMarks(t *testing.T) {
	marks := []Mark{{Comment: "another Inc may run here", Mutant: true}}
	unmarked := strings.Replace(src, "\t// another Inc may run here\n", "\t// (the lesson has no mark here)\n", 1)
	out, types, err := Rewrite("p.go", []byte(unmarked), marks)
	require.NoError(t, err)
	assert.Equal(t, unmarked, string(out), "no mark, no change")
	assert.Empty(t, types)

	mutated := strings.Replace(unmarked, "\tc.n.Store(v + 1)", "\tv := c.n.Load(); /* another Inc may run here */ c.n.Store(v + 1)", 1)
	out, types, err = Rewrite("p.go", []byte(mutated), marks)
	require.NoError(t, err)
	assert.Equal(t, []string{"(*C)(nil)"}, types)
	assert.Contains(t, string(out), "\tv := c.n.Load(); window__.At(c); /* another Inc may run here */ c.n.Store(v + 1)\n")
}
