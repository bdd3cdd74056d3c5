// Package tlsconn is a TLS engine for a non-blocking descriptor that an
// event loop serves: Go's crypto/tls, driven from the loop's own thread,
// one call at a time, never waiting. Each call does what it can with the
// bytes the kernel has and says what it needs to go on (ErrWantRead,
// ErrWantWrite), as OpenSSL's non-blocking calls do.
//
//	c := tlsconn.Server(fd, cfg)   // or Client
//	c.Handshake()                  // nil when done, ErrWantRead/ErrWantWrite to call again
//	c.Read(p) c.Write(p)           // the same contract
//	c.Pending() c.Ready()          // decrypted bytes held; a read due without the kernel
//	c.Fill()                       // a loop's read event: is there anything to read?
//	c.WantsWrite() c.Flush()       // ciphertext the kernel has not taken yet
//	c.Shutdown()                   // close_notify both ways (unwrap)
//	c.Close()                      // frees what the engine holds; the descriptor stays open
//
// How crypto/tls is made to stop instead of waiting:
//
//   - Reading. crypto/tls reads through a net.Conn of ours (transport.go)
//     whose Read returns a temporary error when the kernel has nothing.
//     crypto/tls's record layer keeps a partial record and lets the next
//     Read go on from there after such an error (it remembers only
//     permanent ones), so Read is simply called again later.
//   - Writing. crypto/tls remembers every write error for good, and a
//     record written in part could never be resent; so the transport
//     never fails a write for want of room: what the kernel does not take
//     waits in the transport's own buffer and goes out on the next call
//     or Flush. Write accepts at most MaxWrite bytes per call and
//     refuses more (ErrWantWrite) while older records still wait.
//   - The handshake. crypto/tls runs the whole handshake as one call and
//     remembers any error it returns, a temporary one included: a
//     handshake cannot be stopped and called again. It runs in a
//     coroutine (iter.Pull): when it needs bytes the kernel has not got,
//     the transport suspends it and Handshake returns ErrWantRead; the
//     next Handshake resumes it where it stopped. A coroutine is not a
//     goroutine of its own: it runs on the thread that calls Handshake,
//     only while Handshake runs, and only until the handshake is over;
//     Close ends one that never finished.
//
// Reading hands crypto/tls one record at a time and decrypts at once the
// whole records the kernel gave with it (drain), so that every byte read
// from the kernel is either in an incomplete record (the kernel will say
// when the rest comes) or decrypted and counted by Pending: an event
// loop that waits on the descriptor while Pending() is 0 misses nothing.
package tlsconn

import (
	"crypto/tls"
	"errors"
	"io"
	"iter"
)

// MaxWrite is the most plaintext one Write accepts: more is left for
// the next call, as a socket's send() may take less than it is given.
const MaxWrite = 64 << 10

// plainSize is the largest plaintext of one record, which a read must
// have room for so that crypto/tls keeps none of it.
const plainSize = 16 << 10

var (
	// ErrWantRead: the call needs bytes from the peer; call it again when
	// the descriptor is readable.
	ErrWantRead = errors.New("tlsconn: want read")
	// ErrWantWrite: the call needs the kernel to take what waits; call it
	// again when the descriptor is writable.
	ErrWantWrite = errors.New("tlsconn: want write")
	// ErrRaggedEOF: the peer closed the connection without close_notify
	// (in the middle of a record, or between records).
	ErrRaggedEOF = errors.New("tlsconn: EOF without close_notify")
	// ErrShutdownInInit: Shutdown before the handshake was done.
	ErrShutdownInInit = errors.New("tlsconn: shutdown while in init")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("tlsconn: closed")
)

// Conn is the TLS engine of one descriptor. Its methods must be called
// from one goroutine at a time (the loop's).
type Conn struct {
	t  transport
	tc *tls.Conn

	// the handshake: a coroutine while it runs
	next      func() (struct{}, bool)
	stop      func()
	hsResult  error // what crypto/tls's Handshake returned
	hsDone    bool  // it returned
	hsErr     error // it failed: every call fails so
	hsFlushed bool  // its last flight has gone to the kernel

	plain plainBuf // decrypted bytes not read yet
	rerr  error    // what a read gives once plain is empty: io.EOF (close_notify), ErrRaggedEOF or a failure

	closeSent bool
	closed    bool
}

// Server makes the server side of a connection on fd; Client the client
// side. Bytes already read from fd (a socket's read-ahead) may be given
// as ahead, to be read first.
func Server(fd int, cfg *tls.Config, ahead []byte) (*Conn, error) {
	c := &Conn{t: transport{fd: fd}}
	if err := c.t.put(ahead); err != nil {
		return nil, err
	}
	c.tc = tls.Server(&c.t, cfg)
	return c, nil
}

// Client makes the client side of a connection on fd (see Server).
func Client(fd int, cfg *tls.Config, ahead []byte) (*Conn, error) {
	c := &Conn{t: transport{fd: fd}}
	if err := c.t.put(ahead); err != nil {
		return nil, err
	}
	c.tc = tls.Client(&c.t, cfg)
	return c, nil
}

// Fileno is the descriptor.
func (c *Conn) Fileno() int { return c.t.fd }

// HandshakeComplete reports whether the handshake succeeded.
func (c *Conn) HandshakeComplete() bool { return c.hsDone && c.hsErr == nil }

// Handshake takes the handshake as far as it can go now: nil once it is
// done (and its last flight sent), ErrWantRead or ErrWantWrite while it
// needs the peer or the kernel, or why it failed (every later call fails
// the same way).
func (c *Conn) Handshake() error {
	if c.closed {
		return ErrClosed
	}
	if c.hsDone {
		if c.hsErr != nil || c.hsFlushed {
			return c.hsErr
		}
		return c.flushHandshake()
	}
	if c.next == nil {
		c.next, c.stop = iter.Pull(c.runHandshake)
	}
	c.t.corked = true
	_, running := c.next()
	c.t.corked = false
	if running {
		switch err := c.t.flush(); err {
		case nil:
			return ErrWantRead
		case errAgain:
			return ErrWantWrite
		default:
			return c.failHandshake(err)
		}
	}
	c.hsDone = true
	c.next, c.stop = nil, nil
	if c.hsResult != nil {
		c.t.flush() // the alert crypto/tls queued, if the kernel takes it
		return c.failHandshake(c.hsResult)
	}
	return c.flushHandshake()
}

// runHandshake is the coroutine's body.
func (c *Conn) runHandshake(yield func(struct{}) bool) {
	c.t.yield = yield
	c.hsResult = c.tc.Handshake()
	c.t.yield = nil
}

// flushHandshake sends the handshake's last flight; once it is out, the
// records that came with it are decrypted (drain).
func (c *Conn) flushHandshake() error {
	switch err := c.t.flush(); err {
	case nil:
	case errAgain:
		return ErrWantWrite
	default:
		return c.failHandshake(err)
	}
	c.hsFlushed = true
	c.drain()
	return nil
}

func (c *Conn) failHandshake(err error) error {
	c.hsDone = true
	c.hsErr = err
	if c.stop != nil {
		c.t.closed = true
		c.stop()
		c.next, c.stop = nil, nil
	}
	return err
}

// Read returns decrypted bytes: those held first, else one record's
// worth. At the end of the stream it returns io.EOF (after the peer's
// close_notify) or ErrRaggedEOF (without one); ErrWantRead when the
// kernel has no whole record yet. Before the handshake is done, it
// takes the handshake further first.
func (c *Conn) Read(p []byte) (int, error) {
	if c.plain.len() > 0 {
		return c.plain.read(p), nil
	}
	if c.rerr != nil {
		return 0, c.rerr
	}
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	var err error
	if len(p) >= plainSize {
		n, err = c.tc.Read(p)
	} else {
		n, err = c.tc.Read(c.plain.room())
		c.plain.commit(n)
		n = c.plain.read(p)
	}
	if n > 0 {
		c.drain()
		return n, nil
	}
	return 0, c.readFailed(err)
}

// readFailed is what a read that gave no bytes means.
func (c *Conn) readFailed(err error) error {
	var ne interface{ Temporary() bool }
	if errors.As(err, &ne) && ne.Temporary() && !c.t.closed {
		if c.t.werr == nil && c.t.queued() > 0 {
			c.t.flush() // crypto/tls answered something (a key update)
		}
		return ErrWantRead
	}
	c.rerr = c.endOfStream(err)
	return c.rerr
}

// endOfStream names how the stream ended: with close_notify (io.EOF)
// or without (ErrRaggedEOF); other failures are returned as they are.
func (c *Conn) endOfStream(err error) error {
	switch {
	case err == io.EOF && !c.t.eofGiven:
		return io.EOF // crypto/tls read the peer's close_notify
	case err == io.EOF, err == io.ErrUnexpectedEOF:
		return ErrRaggedEOF
	}
	return err
}

// drain decrypts the whole records that wait in the transport, so that
// no byte the kernel gave is hidden from Pending (see the package doc),
// and notes the end of the stream, or a failure, that the transport saw.
func (c *Conn) drain() {
	for c.rerr == nil && (c.t.hasRecord() || c.t.eof || c.t.rerr != nil) {
		buf := c.plain.room()
		if buf == nil {
			return // cannot happen: see plainCap
		}
		n, err := c.tc.Read(buf)
		c.plain.commit(n)
		if n == 0 && err != nil && c.readFailed(err) == ErrWantRead {
			return
		}
	}
}

// Fill is for an event loop, when the descriptor is readable and before
// it calls a read handler: it reads what the kernel has, decrypts the
// whole records, and reports whether a Read would now return at once
// (Ready): false when all that came is part of a record, or records
// that carry no data, so that the handler need not be called just to
// be told ErrWantRead. Before the handshake is done it reads nothing
// and reports true: the handshake is the handler's to take further.
func (c *Conn) Fill() bool {
	if c.closed || !c.HandshakeComplete() || c.Ready() {
		return true
	}
	if c.t.rerr == nil && !c.t.eof {
		again, err := c.t.fill()
		if err != nil {
			c.t.rerr = err
		} else if again {
			return false
		}
	}
	c.drain()
	return c.Ready()
}

// Write encrypts up to MaxWrite bytes of p and sends what the kernel
// takes; the rest of the records wait in the engine (WantsWrite). It
// returns how many bytes of p it took, or ErrWantWrite, taking none,
// while records of an earlier Write still wait. Before the handshake is
// done, it takes the handshake further first.
func (c *Conn) Write(p []byte) (int, error) {
	if err := c.Handshake(); err != nil {
		return 0, err
	}
	if err := c.Flush(); err != nil {
		return 0, err
	}
	if len(p) > MaxWrite {
		p = p[:MaxWrite]
	}
	c.t.corked = true
	n, err := c.tc.Write(p)
	c.t.corked = false
	if ferr := c.t.flush(); ferr != nil && ferr != errAgain && err == nil {
		err = ferr
	}
	return n, err
}

// Flush sends the records that wait: nil when none is left,
// ErrWantWrite when the kernel would not take them all.
func (c *Conn) Flush() error {
	switch err := c.t.flush(); err {
	case nil:
		return nil
	case errAgain:
		return ErrWantWrite
	default:
		return err
	}
}

// Pending is how many decrypted bytes wait to be read.
func (c *Conn) Pending() int { return c.plain.len() }

// Ready reports whether a read would return at once without the kernel:
// decrypted bytes wait, or the end of the stream (or a failure) has been
// seen and not yet read.
func (c *Conn) Ready() bool { return c.plain.len() > 0 || (c.rerr != nil && !c.closed) }

// WantsWrite reports whether records wait for the kernel to take them.
func (c *Conn) WantsWrite() bool { return c.t.queued() > 0 && c.t.werr == nil && !c.t.closed }

// Shutdown ends TLS on the connection as OpenSSL's SSL_shutdown does for
// Python's unwrap(): it sends close_notify, then reads until the peer's
// close_notify, discarding application data. nil when both are done;
// ErrWantRead or ErrWantWrite to call again. The bytes that followed the
// peer's close_notify are then TakeBuffered's.
func (c *Conn) Shutdown() error {
	if c.closed {
		return ErrClosed
	}
	if !c.HandshakeComplete() {
		if c.hsErr != nil {
			return c.hsErr
		}
		return ErrShutdownInInit
	}
	if !c.closeSent {
		c.t.corked = true
		err := c.tc.CloseWrite()
		c.t.corked = false
		c.closeSent = true
		if err != nil {
			return err
		}
	}
	if err := c.Flush(); err != nil {
		return err
	}
	c.plain.discard()
	for c.rerr == nil {
		n, err := c.tc.Read(c.plain.room())
		c.plain.discard()
		if n == 0 && err != nil && c.readFailed(err) == ErrWantRead {
			return ErrWantRead
		}
	}
	if c.rerr == io.EOF {
		return nil
	}
	return c.rerr
}

// SendCloseNotify sends close_notify if the handshake is done and it was
// not sent yet, as far as the kernel takes it now: for a close that does
// not wait for the peer's.
func (c *Conn) SendCloseNotify() {
	if c.closeSent || !c.HandshakeComplete() || c.closed {
		return
	}
	c.closeSent = true
	c.t.corked = true
	c.tc.CloseWrite()
	c.t.corked = false
	c.t.flush()
}

// TakeBuffered removes and returns the bytes read from the kernel that
// the engine has not given to crypto/tls: after Shutdown, what the peer
// sent in clear after its close_notify.
func (c *Conn) TakeBuffered() []byte { return c.t.takeBuffered() }

// State is crypto/tls's account of the connection; ok is false until the
// handshake is done.
func (c *Conn) State() (st tls.ConnectionState, ok bool) {
	if !c.HandshakeComplete() {
		return st, false
	}
	return c.tc.ConnectionState(), true
}

// Close frees what the engine holds, ending the handshake's coroutine if
// it is suspended. It sends nothing and leaves the descriptor open.
func (c *Conn) Close() {
	if c.closed {
		return
	}
	c.closed = true
	c.t.closed = true
	if c.stop != nil {
		c.stop()
		c.next, c.stop = nil, nil
	}
	c.t.close()
	c.plain.release()
}
