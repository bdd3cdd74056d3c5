package tlsconn

import "sync"

// plainBuf holds decrypted bytes not read yet: arr[off:end], in a
// pooled buffer held only while it has bytes.
type plainBuf struct {
	arr      *[plainCap]byte
	off, end int
}

// plainCap is room for what one read from the kernel decrypts to, plus
// the record read before it.
const plainCap = inSize + plainSize

var plainBufs = sync.Pool{New: func() any { return new([plainCap]byte) }}

// len is how many bytes wait.
func (p *plainBuf) len() int { return p.end - p.off }

// read moves waiting bytes into dst.
func (p *plainBuf) read(dst []byte) int {
	if p.arr == nil {
		return 0
	}
	n := copy(dst, p.arr[p.off:p.end])
	p.off += n
	if p.off == p.end {
		p.release()
	}
	return n
}

// room returns space for one record's plaintext after the waiting bytes
// (moved to the front if need be), or nil when there is none; commit
// then counts what was put there.
func (p *plainBuf) room() []byte {
	if p.arr == nil {
		p.arr = plainBufs.Get().(*[plainCap]byte)
		p.off, p.end = 0, 0
	}
	if p.end+plainSize > plainCap {
		p.end = copy(p.arr[:], p.arr[p.off:p.end])
		p.off = 0
		if p.end+plainSize > plainCap {
			return nil
		}
	}
	return p.arr[p.end : p.end+plainSize]
}

// commit counts n bytes written into what room returned.
func (p *plainBuf) commit(n int) {
	p.end += n
	if p.off == p.end {
		p.release()
	}
}

// discard forgets the waiting bytes.
func (p *plainBuf) discard() {
	p.off = p.end
	p.release()
}

// release gives the buffer back.
func (p *plainBuf) release() {
	if p.arr != nil {
		plainBufs.Put(p.arr)
		p.arr, p.off, p.end = nil, 0, 0
	}
}
