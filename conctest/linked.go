package conctest

import (
	"bytes"
	"debug/elf"
	"debug/gosym"
	"debug/macho"
	"debug/pe"
	"errors"
	"fmt"
	"os"
	"sync"
)

// deadlockLinked reports whether this test binary holds go-deadlock's
// lock at all: if not, no code in it takes a go-deadlock Mutex or
// RWMutex, and go-deadlock can neither report nor vouch for anything.
// (It sees only its own mutexes; sync.Mutex is invisible to it.) The
// answer is read from the binary's function table, once; where it cannot
// be read, the lock is assumed to be there.
var deadlockLinked = sync.OnceValue(func() bool {
	exe, err := os.Executable()
	if err != nil {
		return true
	}
	table, err := funcTable(exe)
	if err != nil {
		return true
	}
	return table.LookupFunc("github.com/sasha-s/go-deadlock.lock") != nil
})

// funcTable reads the function table of the Go binary at path: ELF
// (Linux, the BSDs), Mach-O (macOS) or PE (Windows). go test strips the
// symbol table; the runtime's own function table is always there.
func funcTable(path string) (*gosym.Table, error) {
	candidates, text, err := pclntabs(path)
	if err != nil {
		return nil, err
	}
	for _, data := range candidates {
		table, err := gosym.NewTable(nil, gosym.NewLineTable(data, text))
		if err == nil && table.LookupFunc("runtime.main") != nil {
			return table, nil
		}
	}
	return nil, fmt.Errorf("%s: no Go function table found", path)
}

// pclntabs returns the data that may be the binary's function table
// (.gopclntab, __gopclntab, or what runtime.pclntab's symbols or its
// header mark in a PE file), and the address of its code.
func pclntabs(path string) (candidates [][]byte, text uint64, err error) {
	if f, err := elf.Open(path); err == nil {
		defer f.Close()
		pcln, text := f.Section(".gopclntab"), f.Section(".text")
		if pcln == nil || text == nil {
			return nil, 0, errNoSection
		}
		data, err := pcln.Data()
		return [][]byte{data}, text.Addr, err
	}
	if f, err := macho.Open(path); err == nil {
		defer f.Close()
		pcln, text := f.Section("__gopclntab"), f.Section("__text")
		if pcln == nil || text == nil {
			return nil, 0, errNoSection
		}
		data, err := pcln.Data()
		return [][]byte{data}, text.Addr, err
	}
	if f, err := pe.Open(path); err == nil {
		defer f.Close()
		return peTables(f)
	}
	return nil, 0, errors.New(path + ": not an ELF, Mach-O or PE binary")
}

var errNoSection = errors.New("no function table or text section")

// peTables returns the function table of a PE binary: a PE file has no
// section of its own for it. It lies between the symbols
// runtime.pclntab and runtime.epclntab when the binary has a symbol
// table, and go test strips it; then every place in .rdata where a
// table's header is found is a candidate.
func peTables(f *pe.File) ([][]byte, uint64, error) {
	var base uint64
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader32:
		base = uint64(h.ImageBase)
	case *pe.OptionalHeader64:
		base = h.ImageBase
	}
	text := f.Section(".text")
	if text == nil {
		return nil, 0, errNoSection
	}
	addr := base + uint64(text.VirtualAddress)
	if data, ok := peSymbolTable(f); ok {
		return [][]byte{data}, addr, nil
	}
	rdata := f.Section(".rdata")
	if rdata == nil {
		return nil, 0, errNoSection
	}
	data, err := rdata.Data()
	if err != nil {
		return nil, 0, err
	}
	return tableHeaders(data), addr, nil
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
