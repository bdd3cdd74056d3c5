package asyncore

import (
	"errors"
	"fmt"
	"math"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/poll"
	"github.com/pyasync/pyasync/runtime/proxyproto"
	"github.com/pyasync/pyasync/runtime/sock"
)

// PROXY protocol on accept, an extension of asyncore (SPEC section 4):
//
//	dispatcher.set_proxy_protocol(enabled=True, timeout=5.0)
//	dispatcher.proxy_protocol_rejected() -> int
//
// A listening dispatcher that asked for it is behind a load balancer
// (HAProxy's send-proxy / send-proxy-v2) that starts every connection
// with a PROXY header, version 1 or 2, saying whom the connection is
// from. Its accept() takes connections from the kernel itself and holds
// each until the header is read (runtime/proxyproto): the connection
// reaches accept(), and so handle_accept and handle_accepted, only then,
// with the client's address as the balancer saw it, which is also what
// the socket's getpeername() gives (the real peer for a LOCAL header,
// the balancer's own health checks). The header never reaches recv();
// bytes that came after it in the same read are the first that recv()
// returns. A connection whose header is malformed, ends early, or is not
// all there within timeout seconds is closed without reaching the
// script, and counted: proxy_protocol_rejected().
//
// The loop does the waiting: a connection whose header is still arriving
// is watched for reading under its own descriptor (reading), outside any
// socket map; the pass waits no longer than the first such connection's
// deadline; and a listener holding connections whose header is complete
// gets a read event each pass, as the kernel would report a listener
// with a connection queued, until accept() has taken them all.
//
// A listener that closes while headers are still arriving does not drop
// those connections: each goes to its dispatcher's handle_accepted(sock,
// addr) once its header is read (the loop goes on while any is left),
// so that a generation of workers that stops accepting on a restart
// loses none it had taken from the kernel.

// proxyTimeout is how long a header may take by default.
const proxyTimeout = 5 * time.Second

// proxyBurst is how many connections one accept() takes from the kernel
// at most: one read event's worth of a busy listener.
const proxyBurst = 64

// proxyGate is the PROXY state of one listening dispatcher.
type proxyGate struct {
	listener starlark.Value   // the dispatcher
	sock     *pysocket.Socket // its socket, as of the last accept()
	fd       int              // that socket's descriptor
	timeout  time.Duration
	ready    []proxied // header read; waiting for accept()
	reading  int       // connections whose header is still arriving
	rejected int       // connections closed for a bad or late header
	closed   bool      // the listener closed: ready ones go to handle_accepted
}

// proxied is a connection whose header has been read, and the client's
// address.
type proxied struct {
	s    *pysocket.Socket
	addr starlark.Value
}

// headerRead is a connection whose header is still arriving.
type headerRead struct {
	gate     *proxyGate
	s        *pysocket.Socket
	peer     unix.Sockaddr // the kernel's peer: the balancer
	buf      []byte        // what arrived so far
	deadline time.Time
}

// proxies is the module's PROXY state: the connections whose header is
// arriving, by descriptor, and the gates that hold connections.
type proxies struct {
	reading map[int]*headerRead
	busy    map[*proxyGate]bool
	scratch [proxyproto.MaxLen]byte
}

// active reports whether the pass has PROXY work: headers arriving or
// connections held.
func (p *proxies) active() bool { return len(p.reading) > 0 || len(p.busy) > 0 }

// gateOf returns self's gate, or nil when it did not ask for PROXY.
func gateOf(self starlark.Value) *proxyGate {
	if inst, ok := self.(*class.Instance); ok {
		if st, ok := inst.Native.(*chanState); ok {
			return st.proxy
		}
	}
	return nil
}

// set_proxy_protocol(enabled=True, timeout=5.0)
func dispatcher_set_proxy_protocol(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	enabled := true
	var timeoutV starlark.Value = starlark.Float(proxyTimeout.Seconds())
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "enabled?", &enabled, "timeout?", &timeoutV); err != nil {
		return nil, err
	}
	secs, ok := starlark.AsFloat(timeoutV)
	if !ok {
		return nil, fmt.Errorf("%s: for parameter timeout: got %s, want float", fn.Name(), timeoutV.Type())
	}
	if math.IsNaN(secs) || secs <= 0 || secs > 1e6 {
		return nil, fmt.Errorf("%s: timeout must be a positive number of seconds", fn.Name())
	}
	st := stateOf(self)
	if st == nil {
		return nil, fmt.Errorf("%s: not a dispatcher instance", fn.Name())
	}
	if !enabled {
		if st.proxy != nil {
			m.px.drop(st.proxy)
			st.proxy = nil
		}
		return starlark.None, nil
	}
	if st.proxy == nil {
		st.proxy = &proxyGate{listener: self, fd: -1}
	}
	st.proxy.timeout = time.Duration(secs * float64(time.Second))
	return starlark.None, nil
}

// proxy_protocol_rejected() -> how many connections were closed for a
// missing, malformed or late header.
func dispatcher_proxy_protocol_rejected(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	n := 0
	if g := gateOf(self); g != nil {
		n = g.rejected
	}
	return starlark.MakeInt(n), nil
}

// proxyAccept is accept() for a dispatcher with a gate: take what the
// kernel has queued (reading each header as far as it has arrived), then
// hand out a connection whose header is complete, or None.
func (m *Module) proxyAccept(th *starlark.Thread, self starlark.Value, g *proxyGate, sockV starlark.Value) (starlark.Value, error) {
	s, ok := sockV.(*pysocket.Socket)
	if !ok {
		return nil, fmt.Errorf("accept: set_proxy_protocol needs a plain socket, not %s", sockV.Type())
	}
	g.sock, g.fd, g.closed = s, s.Fileno(), false
	var failed error
	for range proxyBurst {
		c, sa, err := s.AcceptRaw()
		if err != nil {
			if e, ok := errnoOf(err); ok && e == unix.ECONNABORTED {
				continue
			}
			failed = err
			break
		}
		m.px.start(g, c, sa, time.Now())
	}
	if len(g.ready) == 0 {
		if failed != nil {
			return m.acceptFailed(th, self, sockV, failed)
		}
		return starlark.None, nil
	}
	m.resumeAccepts(th, self)
	c := g.ready[0]
	g.ready[0] = proxied{}
	g.ready = g.ready[1:]
	m.px.settle(g)
	m.ahead.note(c.s) // bytes after the header: read events for its channel
	return starlark.Tuple{c.s, c.addr}, nil
}

// start takes a new connection of g: its header is read as far as it
// has arrived; the rest is waited for.
func (p *proxies) start(g *proxyGate, s *pysocket.Socket, peer unix.Sockaddr, now time.Time) {
	hr := &headerRead{gate: g, s: s, peer: peer, deadline: now.Add(g.timeout)}
	if p.advance(hr) {
		return
	}
	if p.reading == nil {
		p.reading = map[int]*headerRead{}
		p.busy = map[*proxyGate]bool{}
	}
	p.reading[s.Fileno()] = hr
	g.reading++
	p.busy[g] = true
}

// advance reads what has arrived of hr's header and reports whether hr
// is finished with: header complete (the connection is ready) or bad
// (closed and counted).
func (p *proxies) advance(hr *headerRead) bool {
	fd := hr.s.Fileno()
	n, err := sock.RecvNow(fd, p.scratch[:proxyproto.MaxLen-len(hr.buf)], 0)
	if errors.Is(err, unix.EAGAIN) {
		return false // nothing more yet
	}
	if err != nil || n == 0 {
		p.reject(hr) // reset or closed before the header was all there
		return true
	}
	buf := p.scratch[:n]
	if len(hr.buf) > 0 {
		hr.buf = append(hr.buf, buf...)
		buf = hr.buf
	}
	h, used, err := proxyproto.Parse(buf)
	if errors.Is(err, proxyproto.ErrIncomplete) {
		if len(hr.buf) == 0 {
			hr.buf = append(make([]byte, 0, 2*n), buf...)
		}
		return false
	}
	if err != nil {
		p.reject(hr)
		return true
	}
	addr := pysocket.AddrToValue(hr.s.Family(), hr.peer)
	if h.Command == proxyproto.Proxy && h.Source.IsValid() {
		addr = hr.s.PeerValue(h.Source)
	}
	hr.s.SetPeer(addr)
	hr.s.SetAhead(buf[used:])
	// blocking, as accept() gives any other connection
	if sock.SetNonblock(fd, false) == nil {
		hr.s.SetBlockingState(true)
	}
	hr.gate.ready = append(hr.gate.ready, proxied{hr.s, addr})
	if p.busy == nil {
		p.busy = map[*proxyGate]bool{}
	}
	p.busy[hr.gate] = true
	return true
}

// reject closes a connection whose header was bad or late, and counts it.
func (p *proxies) reject(hr *headerRead) {
	hr.s.Close()
	hr.gate.rejected++
}

// settle forgets g as busy once it holds nothing.
func (p *proxies) settle(g *proxyGate) {
	if g.reading == 0 && len(g.ready) == 0 {
		delete(p.busy, g)
	}
}

// drop closes what g holds (set_proxy_protocol(False)).
func (p *proxies) drop(g *proxyGate) {
	for fd, hr := range p.reading {
		if hr.gate == g {
			delete(p.reading, fd)
			hr.s.Close()
		}
	}
	for _, c := range g.ready {
		c.s.Close()
	}
	g.ready, g.reading = nil, 0
	delete(p.busy, g)
}

// proxyClosed notes that self, a listener, closed: what its gate holds
// goes to handle_accepted from now on.
func (m *Module) proxyClosed(self starlark.Value) {
	if g := gateOf(self); g != nil {
		g.closed = true
	}
}

// proxyBeforeWait keeps the arriving headers watched, and returns the
// pass's wait shortened to the first header's deadline, or to 0 when a
// connection is ready for its listener.
func (m *Module) proxyBeforeWait(wait time.Duration) time.Duration {
	p := &m.px
	if len(p.reading) > 0 {
		now := time.Now()
		for fd, hr := range p.reading {
			// Set costs nothing while the interest holds; the registry
			// may have dropped it under a reused number
			m.poller.Set(fd, poll.In)
			left := max(hr.deadline.Sub(now), 0)
			if wait < 0 || left < wait {
				wait = left
			}
		}
	}
	for g := range p.busy {
		if len(g.ready) > 0 && (g.closed || m.listenerDue(g)) {
			return 0
		}
	}
	return wait
}

// listenerDue reports whether g's listener is registered and watched for
// reading, so that an event for it reaches handle_accept.
func (m *Module) listenerDue(g *proxyGate) bool {
	return g.sock != nil && m.reg.owns(g.fd, g.sock) && m.poller.Interest(g.fd)&poll.In != 0
}

// proxyAfterWait takes the events of arriving headers out of a wait's
// events and reads them, closes the connections past their deadline,
// gives the ready connections of closed listeners to handle_accepted,
// and adds a read event for each open listener holding ready ones.
func (m *Module) proxyAfterWait(th *starlark.Thread, events []poll.Event) ([]poll.Event, error) {
	p := &m.px
	if len(p.reading) > 0 {
		kept := events[:0]
		for _, ev := range events {
			hr, ok := p.reading[ev.Fd]
			if !ok {
				kept = append(kept, ev)
				continue
			}
			if p.advance(hr) {
				p.finish(m, ev.Fd, hr)
			}
		}
		events = kept
		now := time.Now()
		for fd, hr := range p.reading {
			if !now.Before(hr.deadline) {
				p.reject(hr)
				p.finish(m, fd, hr)
			}
		}
	}
	for g := range p.busy {
		switch {
		case len(g.ready) == 0:
		case g.closed:
			if err := m.deliverOrphans(th, g); err != nil {
				return events, err
			}
		case m.listenerDue(g):
			events = m.listenerEvent(events, g.fd)
		}
		p.settle(g)
	}
	return events, nil
}

// finish forgets hr, whose header is read or rejected.
func (p *proxies) finish(m *Module, fd int, hr *headerRead) {
	delete(p.reading, fd)
	m.poller.Forget(fd)
	hr.gate.reading--
	p.settle(hr.gate)
}

// listenerEvent adds a read event for fd to events, or to its event.
func (m *Module) listenerEvent(events []poll.Event, fd int) []poll.Event {
	for i := range events {
		if events[i].Fd == fd {
			events[i].Events |= poll.In
			return events
		}
	}
	return append(events, poll.Event{Fd: fd, Events: poll.In})
}

// deliverOrphans gives the ready connections of g, whose listener
// closed, to its handle_accepted.
func (m *Module) deliverOrphans(th *starlark.Thread, g *proxyGate) error {
	for len(g.ready) > 0 {
		c := g.ready[0]
		g.ready[0] = proxied{}
		g.ready = g.ready[1:]
		m.ahead.note(c.s)
		m.sends.enter()
		_, err := callMethod(th, g.listener, "handle_accepted", c.s, c.addr)
		if err := m.handle(th, g.listener, m.sends.leave(err)); err != nil {
			return err
		}
	}
	return nil
}
