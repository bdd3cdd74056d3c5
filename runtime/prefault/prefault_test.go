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

// TestTextSegmentHoldsTheCode: the executable segment the program
// headers give contains this package's code, and is all resident after
// the package's initialisation.
func TestTextSegmentHoldsTheCode(t *testing.T) {
	b, err := syscall.Mmap(-1, 0, 4096, syscall.PROT_READ, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	if e := populate(uintptr(unsafe.Pointer(&b[0])), 4096, madvPopulateRead); e == syscall.EINVAL {
		t.Skip("MADV_POPULATE_READ not supported by this kernel (Linux before 5.14)")
	}
	start, n := textSegment(getAuxv())
	if n == 0 {
		t.Fatal("no executable segment found in the program headers")
	}
	fn := func() {}
	pc := **(**uintptr)(unsafe.Pointer(&fn))
	if pc < start || pc >= start+n {
		t.Errorf("code at %#x is outside the executable segment [%#x, %#x)", pc, start, start+n)
	}
	first := (start + 4095) &^ 4095
	pages := int((start + n - first) / 4096)
	if got := resident(t, first, pages); got != pages {
		t.Errorf("%d of the segment's %d pages resident", got, pages)
	}
}

// TestTextSegmentWithoutHeaders: an auxiliary vector without program
// headers, or with headers of another size, gives nothing.
func TestTextSegmentWithoutHeaders(t *testing.T) {
	if _, n := textSegment(nil); n != 0 {
		t.Errorf("empty auxiliary vector: got %d bytes", n)
	}
	av := getAuxv()
	bad := append([]uintptr(nil), av...)
	for i := 0; i+1 < len(bad); i += 2 {
		if bad[i] == atPHENT {
			bad[i+1] = 32
		}
	}
	if _, n := textSegment(bad); n != 0 {
		t.Errorf("headers of 32 bytes: got %d bytes", n)
	}
}
