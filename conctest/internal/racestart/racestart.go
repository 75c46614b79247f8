//go:build race && linux && cgo

package racestart

/*
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

// hugeBSS advises huge pages for the zero-initialized part of each
// loadable segment of the executable: the part of its memory image that
// the file does not hold.
static int hugeBSS(struct dl_phdr_info *info, size_t size, void *data) {
	const uintptr_t page = 4096;
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *p = &info->dlpi_phdr[i];
		if (p->p_type != PT_LOAD || p->p_memsz <= p->p_filesz) {
			continue;
		}
		uintptr_t start = info->dlpi_addr + p->p_vaddr + p->p_filesz;
		uintptr_t end = info->dlpi_addr + p->p_vaddr + p->p_memsz;
		start = (start + page - 1) & ~(page - 1);
		end &= ~(page - 1);
		if (end > start) {
			madvise((void *)start, end - start, MADV_HUGEPAGE); // advice: an error changes nothing
		}
	}
	return 1; // the executable comes first; stop there
}

// Before main, and so before the Go runtime starts the race runtime.
__attribute__((constructor)) static void racestart(void) {
	dl_iterate_phdr(hugeBSS, NULL);
}
*/
import "C"
