package prefault

import (
	"syscall"
	"testing"
	"unsafe"
)

// TestPopulateMapsThePages: after populate, every page of a fresh
// mapping is resident (mincore), and none was before.
func TestPopulateMapsThePages(t *testing.T) {
	const pages = 8
	b, err := syscall.Mmap(-1, 0, pages*4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Munmap(b)
	p := uintptr(unsafe.Pointer(&b[0]))
	resident := func() int {
		var vec [pages]byte
		if _, _, e := syscall.Syscall(syscall.SYS_MINCORE, p, pages*4096, uintptr(unsafe.Pointer(&vec[0]))); e != 0 {
			t.Fatalf("mincore: %v", e)
		}
		n := 0
		for _, v := range vec {
			n += int(v & 1)
		}
		return n
	}
	if n := resident(); n != 0 {
		t.Fatalf("%d pages resident before populate, want 0", n)
	}
	if e := populate(p, pages*4096); e == syscall.EINVAL {
		t.Skip("MADV_POPULATE_WRITE not supported by this kernel")
	} else if e != 0 {
		t.Fatalf("populate: %v", e)
	}
	if n := resident(); n != pages {
		t.Errorf("%d pages resident after populate, want %d", n, pages)
	}
}
