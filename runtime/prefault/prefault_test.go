package prefault

import (
	"syscall"
	"testing"
	"unsafe"
)

// resident counts the pages of [p, p+pages*4096) in memory (mincore).
func resident(t *testing.T, p uintptr, pages int) int {
	t.Helper()
	vec := make([]byte, pages)
	if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, p, uintptr(pages)*4096, uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
		t.Fatalf("mincore: %v", e)
	}
	n := 0
	for _, v := range vec {
		n += int(v & 1)
	}
	return n
}

// TestPopulateMapsThePages: after populate, every page of a fresh
// mapping is resident, and none was before.
func TestPopulateMapsThePages(t *testing.T) {
	const pages = 8
	b, err := syscall.Mmap(-1, 0, pages*4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	p := uintptr(unsafe.Pointer(&b[0]))
	if n := resident(t, p, pages); n != 0 {
		t.Fatalf("%d pages resident before populate, want 0", n)
	}
	if e := populate(p, pages*4096, madvPopulateWrite); e == syscall.EINVAL {
		t.Skip("MADV_POPULATE_WRITE not supported by this kernel")
	} else if e != 0 {
		t.Fatalf("populate: %v", e)
	}
	if n := resident(t, p, pages); n != pages {
		t.Errorf("%d pages resident after populate, want %d", n, pages)
	}
}
