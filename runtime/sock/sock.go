// Package sock is the smallest wrapper over the socket system calls that
// asyncore needs: every call retries EINTR and returns its error as an
// *oserr.Error, so that it reads like Python's ("[Errno 111] Connection
// refused"). Descriptors are always close-on-exec; sends never raise
// SIGPIPE.
package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

func wrap(err error) error {
	if err == nil {
		return nil
	}
	return oserr.FromErr(err)
}

// Socket creates a socket; typ may carry SOCK_NONBLOCK.
func Socket(family, typ, proto int) (fd int, err error) {
	err = oserr.IgnoringEINTR(func() (err error) {
		fd, err = unix.Socket(family, typ|unix.SOCK_CLOEXEC, proto)
		return err
	})
	return fd, wrap(err)
}

// Socketpair creates a connected pair.
func Socketpair(family, typ, proto int) ([2]int, error) {
	fds, err := unix.Socketpair(family, typ|unix.SOCK_CLOEXEC, proto)
	return fds, wrap(err)
}

// SetNonblock sets or clears O_NONBLOCK.
func SetNonblock(fd int, nonblocking bool) error { return wrap(unix.SetNonblock(fd, nonblocking)) }

// IsNonblock reports whether O_NONBLOCK is set.
func IsNonblock(fd int) (bool, error) {
	fl, err := unix.FcntlInt(uintptr(fd), unix.F_GETFL, 0)
	if err != nil {
		return false, wrap(err)
	}
	return fl&unix.O_NONBLOCK != 0, nil
}

// Bind binds fd to sa.
func Bind(fd int, sa unix.Sockaddr) error { return wrap(unix.Bind(fd, sa)) }

// Listen marks fd as accepting connections.
func Listen(fd, backlog int) error { return wrap(unix.Listen(fd, backlog)) }

// Accept takes a connection; the new descriptor is blocking, as Python's.
func Accept(fd int) (nfd int, sa unix.Sockaddr, err error) { return accept(fd, unix.SOCK_CLOEXEC) }

// AcceptNonblock is Accept with a non-blocking new descriptor.
func AcceptNonblock(fd int) (nfd int, sa unix.Sockaddr, err error) {
	return accept(fd, unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK)
}

func accept(fd, flags int) (nfd int, sa unix.Sockaddr, err error) {
	err = oserr.IgnoringEINTR(func() (err error) {
		nfd, sa, err = unix.Accept4(fd, flags)
		return err
	})
	return nfd, sa, wrap(err)
}

// Connect starts or makes a connection (EINPROGRESS on a non-blocking
// socket is returned as an error, as Python raises it).
func Connect(fd int, sa unix.Sockaddr) error {
	err := unix.Connect(fd, sa)
	if err == unix.EINTR {
		// the connection goes on in the background, as after EINPROGRESS
		err = unix.EINPROGRESS
	}
	return wrap(err)
}

// Recv reads into buf: recvfrom(2) without asking for the sender's
// address, which costs nothing to return and allocates nothing.
func Recv(fd int, buf []byte, flags int) (int, error) {
	return transfer(unix.SYS_RECVFROM, fd, buf, flags)
}

// Send writes p; it never raises SIGPIPE. It is sendto(2) with no
// address, which the kernel serves with less work than sendmsg(2).
func Send(fd int, p []byte, flags int) (int, error) {
	return transfer(unix.SYS_SENDTO, fd, p, flags|unix.MSG_NOSIGNAL)
}

// RecvNow is Recv that never waits (MSG_DONTWAIT), for a non-blocking
// socket. It is a raw system call, made without handing the thread over
// to the Go scheduler and taking it back: the kernel answers at once, so
// the hand-off would be pure cost (a tenth of the event loop's own time
// per echoed message).
//
// The call is made by rawTransfer (raw_amd64.s; unix.RawSyscall6
// elsewhere) from RecvNow's own body, and RecvNow is small, so that the
// compiler can inline it into its caller (with the profile in
// cmd/pyasync it does, as cmd/pyasync's TestHotPathInlines checks, with
// the other calls of the hot path that must be inlined). Returning from the kernel leaves the processor's
// return-address predictions to the kernel's own calls, so every
// function return between the system call and the code that goes on
// after it is mispredicted: about 7 ns each on the machines measured.
// unix.RawSyscall6 adds two such returns to every call (its wrapper and
// the runtime's leaf), rawTransfer none beyond its own; a handler's
// recv() or send() pays for as few as its callers leave.
func RecvNow(fd int, buf []byte, flags int) (int, error) {
	flags |= unix.MSG_DONTWAIT
	n, e := rawTransfer(unix.SYS_RECVFROM, uintptr(fd), bufPtr(buf), uintptr(len(buf)), uintptr(flags))
	if e != 0 {
		return retryNow(unix.SYS_RECVFROM, fd, buf, flags, e)
	}
	return int(n), nil
}

// SendNow is Send that never waits (MSG_DONTWAIT), made as RecvNow is.
func SendNow(fd int, p []byte, flags int) (int, error) {
	flags |= unix.MSG_NOSIGNAL | unix.MSG_DONTWAIT
	n, e := rawTransfer(unix.SYS_SENDTO, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags))
	if e != 0 {
		return retryNow(unix.SYS_SENDTO, fd, p, flags, e)
	}
	return int(n), nil
}

// retryNow finishes a RecvNow or SendNow that failed with errno e: it
// makes the call again after EINTR, and returns any other errno as an
// error.
func retryNow(trap uintptr, fd int, p []byte, flags int, e uintptr) (int, error) {
	var n uintptr
	err := oserr.IgnoringEINTR(func() error {
		if e == uintptr(unix.EINTR) {
			n, e = rawTransfer(trap, uintptr(fd), bufPtr(p), uintptr(len(p)), uintptr(flags))
		}
		if e != 0 {
			return unix.Errno(e)
		}
		return nil
	})
	if err != nil {
		return 0, wrap(err)
	}
	return int(n), nil
}

// transfer is recvfrom(2) or sendto(2) (trap) on p with no address,
// retrying EINTR.
func transfer(trap uintptr, fd int, p []byte, flags int) (n int, err error) {
	err = oserr.IgnoringEINTR(func() error {
		r, _, e := unix.Syscall6(trap, uintptr(fd), uintptr(bufPtr(p)), uintptr(len(p)), uintptr(flags), 0, 0)
		if e != 0 {
			return e
		}
		n = int(r)
		return nil
	})
	return n, wrap(err)
}

// bufPtr is the address of p's first byte, or nil when p is empty.
func bufPtr(p []byte) unsafe.Pointer {
	if len(p) == 0 {
		return nil
	}
	return unsafe.Pointer(&p[0])
}

// Recvfrom reads a datagram and its sender's address.
func Recvfrom(fd int, buf []byte, flags int) (n int, sa unix.Sockaddr, err error) {
	err = oserr.IgnoringEINTR(func() (err error) {
		n, sa, err = unix.Recvfrom(fd, buf, flags)
		return err
	})
	if err != nil {
		return 0, nil, wrap(err)
	}
	return n, sa, nil
}

// Sendto sends a datagram to sa.
func Sendto(fd int, p []byte, flags int, to unix.Sockaddr) (n int, err error) {
	err = oserr.IgnoringEINTR(func() (err error) {
		n, err = unix.SendmsgN(fd, p, nil, to, flags|unix.MSG_NOSIGNAL)
		return err
	})
	return n, wrap(err)
}

// Read is read(2) on any descriptor (a pipe behind asyncore's
// file_wrapper).
func Read(fd int, p []byte) (int, error) { return readWrite(unix.Read, fd, p) }

// Write is write(2) on any descriptor.
func Write(fd int, p []byte) (int, error) { return readWrite(unix.Write, fd, p) }

// readWrite makes call, unix.Read or unix.Write, on fd and p.
func readWrite(call func(int, []byte) (int, error), fd int, p []byte) (n int, err error) {
	err = oserr.IgnoringEINTR(func() (err error) {
		n, err = call(fd, p)
		return err
	})
	if err != nil {
		return 0, wrap(err)
	}
	return n, nil
}

// WaitConnected waits for a blocking socket's connect(2) that a signal
// interrupted (it goes on in the background) and returns its outcome:
// the socket's pending error, 0 when it connected.
func WaitConnected(fd int) (unix.Errno, error) {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	if err := oserr.IgnoringEINTR(func() error {
		_, err := unix.Poll(pfd, -1)
		return err
	}); err != nil {
		return 0, wrap(err)
	}
	return SockError(fd)
}

// Shutdown shuts down one or both directions.
func Shutdown(fd, how int) error { return wrap(unix.Shutdown(fd, how)) }

// GetsockoptInt reads an integer option.
func GetsockoptInt(fd, level, opt int) (int, error) {
	v, err := unix.GetsockoptInt(fd, level, opt)
	return v, wrap(err)
}

// SetsockoptInt sets an integer option.
func SetsockoptInt(fd, level, opt, value int) error {
	return wrap(unix.SetsockoptInt(fd, level, opt, value))
}

// GetsockoptBytes reads an option as the raw bytes the kernel gives, at
// most buflen of them (struct linger, say: NUL bytes included).
func GetsockoptBytes(fd, level, opt, buflen int) ([]byte, error) {
	b := make([]byte, max(buflen, 1))
	n := uint32(buflen)
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(fd), uintptr(level), uintptr(opt),
		uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&n)), 0)
	if e != 0 {
		return nil, wrap(e)
	}
	return b[:min(int(n), buflen)], nil
}

// SetsockoptBytes sets an option from raw bytes (struct linger, say).
func SetsockoptBytes(fd, level, opt int, value []byte) error {
	return wrap(unix.SetsockoptString(fd, level, opt, string(value)))
}

// Getsockname is the local address.
func Getsockname(fd int) (unix.Sockaddr, error) {
	sa, err := unix.Getsockname(fd)
	return sa, wrap(err)
}

// Getpeername is the peer's address.
func Getpeername(fd int) (unix.Sockaddr, error) {
	sa, err := unix.Getpeername(fd)
	return sa, wrap(err)
}

// Close closes fd. EINTR is not retried: on Linux the descriptor is
// released anyway.
func Close(fd int) error {
	err := unix.Close(fd)
	if err == unix.EINTR {
		err = nil
	}
	return wrap(err)
}

// SockError reads and clears the pending error (SO_ERROR).
func SockError(fd int) (unix.Errno, error) {
	v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	return unix.Errno(v), wrap(err)
}

// SocketType returns the family, type and protocol of an open socket.
func SocketType(fd int) (family, typ, proto int, err error) {
	if family, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_DOMAIN); err != nil {
		return 0, 0, 0, wrap(err)
	}
	if typ, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_TYPE); err != nil {
		return 0, 0, 0, wrap(err)
	}
	if proto, err = unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_PROTOCOL); err != nil {
		return 0, 0, 0, wrap(err)
	}
	return family, typ, proto, nil
}
