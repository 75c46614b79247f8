package conctest

import (
	"bytes"
	"debug/elf"
	"debug/macho"
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
)

// deadlockLinked reports whether this test binary holds go-deadlock's
// lock at all: if not, no code in it takes a go-deadlock Mutex or
// RWMutex, and go-deadlock can neither report nor vouch for anything.
// (It sees only its own mutexes; sync.Mutex is invisible to it.) The
// answer is read from the binary's function table, once per process
// (every child asks too); where it cannot be read, the lock is assumed
// to be there.
var deadlockLinked = sync.OnceValue(func() bool {
	exe, err := os.Executable()
	if err != nil {
		return true
	}
	linked, err := linkedFuncs(exe, "github.com/sasha-s/go-deadlock.lock")
	if err != nil {
		return true
	}
	return linked["github.com/sasha-s/go-deadlock.lock"]
})

// linkedFuncs reports which of names the Go binary at path holds: ELF
// (Linux, the BSDs), Mach-O (macOS) or PE (Windows). go test strips the
// symbol table; the runtime's own function table is always there. Only
// the table's names are read, a piece at a time: decoding the whole
// table, as debug/gosym does, took 28% of the CPU of a child of the
// go-deadlock build (perf record), where every child asks.
func linkedFuncs(path string, names ...string) (map[string]bool, error) {
	candidates, file, err := pclntabs(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	for _, table := range candidates {
		found, err := namesIn(table, append([]string{"runtime.main"}, names...))
		if err == nil && found["runtime.main"] {
			linked := map[string]bool{}
			for _, name := range names {
				linked[name] = found[name]
			}
			return linked, nil
		}
	}
	return nil, fmt.Errorf("%s: no Go function table found", path)
}

// namesIn reports which of names are in the function name table of the
// function table in r: the names of every function, each ended by a NUL,
// between the offsets the table's header gives (the header of Go 1.18
// and later: the magic number, two zero bytes, the instruction size
// quantum, the pointer size, then eight words).
func namesIn(r io.ReaderAt, names []string) (map[string]bool, error) {
	head := make([]byte, 8+8*8)
	if _, err := r.ReadAt(head[:8], 0); err != nil {
		return nil, err
	}
	magic := binary.LittleEndian.Uint32(head)
	ptr := int(head[7])
	if (magic != 0xfffffff0 && magic != 0xfffffff1) || head[4] != 0 || head[5] != 0 || (ptr != 4 && ptr != 8) {
		return nil, errors.New("not a Go 1.18 or later function table")
	}
	head = head[:8+8*ptr]
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, err
	}
	word := func(i int) int64 {
		if ptr == 4 {
			return int64(binary.LittleEndian.Uint32(head[8+4*i:]))
		}
		return int64(binary.LittleEndian.Uint64(head[8+8*i:]))
	}
	from, to := word(3), word(4) // funcnameOffset, cuOffset
	if from < int64(len(head)) || to < from {
		return nil, errors.New("the function table's header gives no name table")
	}
	// Each name is sought with the NUL that ends the name before it (the
	// first with one put before the table) and its own, in pieces that
	// overlap by the longest name sought.
	needles := make([][]byte, len(names))
	longest := 0
	for i, name := range names {
		needles[i] = []byte("\x00" + name + "\x00")
		longest = max(longest, len(needles[i]))
	}
	found := map[string]bool{}
	buf := make([]byte, 64<<10)
	carry := []byte{0}
	for off := from; off < to; {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), to-off)], off)
		if n == 0 && err != nil {
			return nil, err
		}
		off += int64(n)
		piece := append(carry, buf[:n]...)
		for i, needle := range needles {
			if !found[names[i]] && bytes.Contains(piece, needle) {
				found[names[i]] = true
			}
		}
		if len(found) == len(names) {
			break
		}
		carry = append([]byte(nil), piece[max(0, len(piece)-longest+1):]...)
	}
	return found, nil
}

// pclntabs returns what may be the binary's function table (.gopclntab,
// __gopclntab, or what runtime.pclntab's symbols or its header mark in a
// PE file), to be read before the file is closed.
func pclntabs(path string) (tables []io.ReaderAt, file io.Closer, err error) {
	if f, err := elf.Open(path); err == nil {
		if s := f.Section(".gopclntab"); s != nil {
			return []io.ReaderAt{s}, f, nil
		}
		f.Close()
		return nil, nil, errNoSection
	}
	if f, err := macho.Open(path); err == nil {
		if s := f.Section("__gopclntab"); s != nil {
			return []io.ReaderAt{s}, f, nil
		}
		f.Close()
		return nil, nil, errNoSection
	}
	if f, err := pe.Open(path); err == nil {
		defer f.Close()
		data, err := peTables(f)
		if err != nil {
			return nil, nil, err
		}
		for _, d := range data {
			tables = append(tables, bytes.NewReader(d))
		}
		return tables, io.NopCloser(nil), nil // copies, read already
	}
	return nil, nil, errors.New(path + ": not an ELF, Mach-O or PE binary")
}

var errNoSection = errors.New("no function table section")

// peTables returns the function table of a PE binary: a PE file has no
// section of its own for it. It lies between the symbols
// runtime.pclntab and runtime.epclntab when the binary has a symbol
// table, and go test strips it; then every place in .rdata where a
// table's header is found is a candidate.
func peTables(f *pe.File) ([][]byte, error) {
	if data, ok := peSymbolTable(f); ok {
		return [][]byte{data}, nil
	}
	rdata := f.Section(".rdata")
	if rdata == nil {
		return nil, errNoSection
	}
	data, err := rdata.Data()
	if err != nil {
		return nil, err
	}
	return tableHeaders(data), nil
}

// peSymbolTable returns the data between the symbols runtime.pclntab
// and runtime.epclntab, if the binary has both, in one section.
func peSymbolTable(f *pe.File) ([]byte, bool) {
	var start, end *pe.Symbol
	for _, s := range f.Symbols {
		switch s.Name {
		case "runtime.pclntab":
			start = s
		case "runtime.epclntab":
			end = s
		}
	}
	if start == nil || end == nil || start.SectionNumber != end.SectionNumber ||
		start.SectionNumber <= 0 || int(start.SectionNumber) > len(f.Sections) || start.Value > end.Value {
		return nil, false
	}
	data, err := f.Sections[start.SectionNumber-1].Data()
	if err != nil || int(end.Value) > len(data) {
		return nil, false
	}
	return data[start.Value:end.Value], true
}

// tableHeaders returns data from each place where a function table's
// header starts: Go 1.20's magic number, little-endian, two zero bytes,
// the instruction size quantum (1, 2 or 4) and the pointer size (4 or
// 8).
func tableHeaders(data []byte) [][]byte {
	magic := []byte{0xf1, 0xff, 0xff, 0xff, 0, 0}
	var found [][]byte
	for i := 0; ; {
		j := bytes.Index(data[i:], magic)
		if j < 0 || i+j+8 > len(data) {
			return found
		}
		at := data[i+j:]
		if quantum, ptr := at[6], at[7]; (quantum == 1 || quantum == 2 || quantum == 4) && (ptr == 4 || ptr == 8) {
			found = append(found, at)
		}
		i += j + 1
	}
}
