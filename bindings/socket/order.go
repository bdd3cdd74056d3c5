package socket

// Output order. Whoever uses a socket may keep bytes meant for it in a
// queue of its own for a while: asyncore holds what a handler pushes
// until the handler returns, to send it in one system call. Bytes sent
// by any other path in the meantime must not overtake them, nor may the
// output be ended under them. Every path goes through the socket, so the
// socket owns that duty: a user holding bytes for it registers them with
// Hold, and every operation that writes to the descriptor or ends its
// output — send, sendall, sendto, shutdown, close, detach, and the Go
// methods Send, SendBytes and Close — first has the held bytes sent
// (SendHeld), then does its own work. Earlier bytes go first by
// construction, whichever path sends the later ones.

// Held is bytes a socket's user keeps for it.
type Held interface {
	// SendHeld sends them now, as the user's own send would have (as
	// much as the kernel takes; what it does not take stays queued with
	// the user, as when it was held). It is called at most once per
	// Hold, after the socket has forgotten it.
	SendHeld() error
}

// Hold registers h, whose bytes must go out before anything else the
// socket is asked to send; it replaces what was held before.
func (s *Socket) Hold(h Held) { s.held = h }

// Holds reports whether h is what s holds.
func (s *Socket) Holds(h Held) bool { return s.held != nil && s.held == h }

// Release forgets h, if s holds it: its user sends the bytes itself.
func (s *Socket) Release(h Held) {
	if s.Holds(h) {
		s.held = nil
	}
}

// SendHeld sends what s holds, if anything, and forgets it.
func (s *Socket) SendHeld() error {
	h := s.held
	if h == nil {
		return nil
	}
	s.held = nil
	return h.SendHeld()
}
