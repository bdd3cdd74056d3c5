package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/poll"
)

// The registry keeps the poller's registrations in step with a map,
// without looking at every channel every pass. Its rules:
//
//   - Each descriptor has at most one channel (the one registered under
//     it when the pass began, current) and one socket (the object the
//     kernel's registration was made for, owner). A new socket under a
//     reused number makes the registry forget the old registration,
//     which the kernel may have dropped when the old socket closed.
//   - CPython's poll() asks every channel readable() and writable() each
//     pass. For a channel whose methods are built-in the answer depends
//     only on its own state, so the registry asks again only the
//     channels whose state changed (changed, which Instance.Watch and
//     Module.Changed fill), the channels added since the last pass
//     (pending), and the channels whose readable() or writable() a
//     script wrote (scripted), which are asked every pass as CPython
//     would. The cost of a pass is then that of its active channels,
//     however many idle ones the map holds.
//   - The map is a plain dict that scripts may change behind the loop's
//     back, so the registry scans it whole (as CPython does every pass)
//     when it cannot vouch for what it knows: what it knows is stamped
//     (view, the class.Stamp mechanism), and the stamp no longer holds on
//     the first pass of each loop() or poll() call, when the map,
//     use_poll or any class changed, when the map changed in a way the
//     registry did not follow (its length or its version, Dict.Version,
//     is not the one the registry expects), and when an event shows a
//     channel that is no longer the one registered under its descriptor
//     (each calls invalidate). Channels join and leave maps through
//     add_channel() and del_channel(), which keep that knowledge exact
//     (added, removed); a script that changes a map's entries directly
//     is seen at the next event on that descriptor or at the next pass.
//   - While the map's version is the one the registry expects, each
//     descriptor's channel is the one registered under it (fdSlot.objAt),
//     and an event finds it there without a lookup in the map (current).
//
// What a channel wants to be watched for is the loop's business (its
// readable() and writable(), interest.go): the registry asks it through
// asker.
type registry struct {
	poller poll.Poller
	ask    asker

	// per descriptor
	fds     fdTable // what each descriptor's registration is for (fdtable.go)
	pass    uint32
	watched []int32 // descriptors registered with the poller

	view     view              // what the registrations reflect
	foreign  bool              // the map holds a channel that is not an instance
	entries  []entry           // scan's snapshot of the map
	changed  []*class.Instance // channels whose state changed since their interest was computed
	scripted []entry           // channels with readable()/writable() in Starlark
	pending  []entry           // channels added to the viewed map since the last pass
	spare    []entry           // the other half of pending, swapped each pass
	onChange func(*class.Instance)
}

// asker is what the registry needs of the loop.
type asker interface {
	// watchFor asks obj, registered under fd, readable() and writable()
	// and returns the events to watch fd for.
	watchFor(th *starlark.Thread, fd int, obj starlark.Value, usePoll bool) (poll.Events, error)
	// scripted reports whether obj answers readable() or writable() in
	// Starlark, so that it must be asked every pass.
	scripted(obj starlark.Value) bool
	// handle routes an error of obj's readable() or writable(): nil when
	// handle_error took it.
	handle(th *starlark.Thread, obj starlark.Value, err error) error
}

// view is the stamp of what the registrations reflect: a map, its length
// and version as add_channel and del_channel left them, use_poll, and the
// classes' stamp. The zero view matches no map.
type view struct {
	d       *starlark.Dict
	n       int
	version uint32
	usePoll bool
	classes class.Stamp
}

// entry is a channel and the descriptor it is registered under.
type entry struct {
	fd  int
	obj starlark.Value
}

// regState is the registry's part of a channel's Go state.
type regState struct {
	fd       int32 // the map key it was last registered under, or -1
	changed  bool  // queued in registry.changed
	scripted bool  // listed in registry.scripted
	watched  bool  // its attribute changes reach the registry
}

// init sets up a registry whose channels are watched by p and asked by
// ask.
func (r *registry) init(p poll.Poller, ask asker) {
	*r = registry{poller: p, ask: ask}
	r.onChange = r.markChanged
}

// invalidate drops what the registry knows of the map: the next pass
// scans it whole.
func (r *registry) invalidate() { r.view = view{} }

// needScan reports whether a pass over d must scan it whole: the view
// is not that of d as it is now. (Field by field: comparing the structs
// would call a function.)
func (r *registry) needScan(d *starlark.Dict, usePoll bool) bool {
	v := &r.view
	return r.foreign || v.d != d || v.n != d.Len() || v.version != d.Version() || v.usePoll != usePoll || v.classes != class.Classes()
}

// markChanged queues a channel whose state changed (its attributes, or a
// Go buffer between empty and not), to be asked again next pass.
func (r *registry) markChanged(inst *class.Instance) {
	st := stateOf(inst)
	if st.reg.changed {
		return
	}
	st.reg.changed = true
	r.changed = append(r.changed, inst)
}

// scan asks every channel of d, as CPython's poll() does, and forgets
// what the last pass left registered for descriptors no longer in d.
func (r *registry) scan(th *starlark.Thread, d *starlark.Dict, usePoll bool) error {
	// snapshot the map: handlers may change it during the pass (and
	// readable() and writable() below, which the version taken now
	// shows)
	version := d.Version()
	r.entries = r.entries[:0]
	r.foreign = false
	iter := d.Iterate()
	var k starlark.Value
	for iter.Next(&k) {
		fd, err := starlark.AsInt32(k)
		if err != nil {
			continue // not a descriptor key: nothing to watch
		}
		v, _, _ := d.Get(k)
		r.entries = append(r.entries, entry{fd, v})
		if _, ok := v.(*class.Instance); !ok {
			r.foreign = true
		}
	}
	iter.Done()

	r.view = view{d, d.Len(), version, usePoll, class.Classes()}
	for _, inst := range r.changed {
		stateOf(inst).reg.changed = false
	}
	clear(r.changed)
	r.changed = r.changed[:0]
	for _, e := range r.scripted {
		if st := stateOf(e.obj); st != nil {
			st.reg.scripted = false
		}
	}
	clear(r.scripted)
	r.scripted = r.scripted[:0]
	clear(r.pending)
	r.pending = r.pending[:0]

	r.nextPass()
	for _, e := range r.entries {
		if err := r.refresh(th, e.fd, e.obj, usePoll); err != nil {
			return err
		}
	}
	r.unwatchStale()
	return nil
}

// update brings the registrations up to date after the passes since the
// last scan: channels added, channels whose state changed, and channels
// that answer readable()/writable() in Starlark.
func (r *registry) update(th *starlark.Thread, d *starlark.Dict, usePoll bool) error {
	r.nextPass()
	// a script's readable()/writable() first, in the order of the map
	kept := r.scripted[:0]
	for _, e := range r.scripted {
		st := stateOf(e.obj)
		if s := r.fds.at(e.fd); s == nil || s.objAt != e.obj || (st != nil && int(st.reg.fd) != e.fd) {
			if st != nil {
				st.reg.scripted = false
			}
			continue
		}
		kept = append(kept, e)
		if err := r.refresh(th, e.fd, e.obj, usePoll); err != nil {
			return err // the caller scans next pass
		}
	}
	clear(r.scripted[len(kept):])
	r.scripted = kept
	// then the channels added since the last pass
	if len(r.pending) > 0 {
		added := r.pending
		r.pending, r.spare = r.spare[:0], nil
		for _, e := range added {
			if cur, found, _ := d.Get(starlark.MakeInt(e.fd)); found && cur == e.obj {
				if err := r.refresh(th, e.fd, e.obj, usePoll); err != nil {
					return err
				}
			}
		}
		clear(added) // drop the references
		r.spare = added[:0]
	}
	// then those whose state changed
	for i := 0; i < len(r.changed); i++ { // a refresh may queue more
		inst := r.changed[i]
		st := stateOf(inst)
		st.reg.changed = false
		if fd := int(st.reg.fd); r.registered(fd, inst) {
			if err := r.refresh(th, fd, inst, usePoll); err != nil {
				return err
			}
		}
	}
	clear(r.changed)
	r.changed = r.changed[:0]
	return nil
}

// refresh asks one channel what it wants to be watched for and
// registers the answer.
func (r *registry) refresh(th *starlark.Thread, fd int, obj starlark.Value, usePoll bool) error {
	if fd < 0 {
		return nil
	}
	if s := r.fds.at(fd); s != nil && s.askedIn == r.pass && s.objAt == obj {
		return nil // asked already this pass
	}
	if st := stateOf(obj); st != nil {
		if !st.reg.watched {
			st.reg.watched = true
			obj.(*class.Instance).Watch(r.onChange)
		}
		st.reg.fd = int32(fd)
		if !st.reg.scripted && r.ask.scripted(obj) {
			st.reg.scripted = true
			r.scripted = append(r.scripted, entry{fd, obj})
		}
	}
	ev, err := r.ask.watchFor(th, fd, obj, usePoll)
	if err != nil {
		// watched for nothing until it answers
		r.watch(fd, obj, 0)
		return r.ask.handle(th, obj, err)
	}
	r.watch(fd, obj, ev)
	return nil
}

// nextPass starts a pass: what was asked in earlier passes is to be
// asked again.
func (r *registry) nextPass() {
	r.pass++
	if r.pass == 0 {
		r.pass = 1
		r.fds.clearAsked()
	}
}

// watch registers interest ev for fd on behalf of obj's socket.
func (r *registry) watch(fd int, obj starlark.Value, ev poll.Events) {
	if fd < 0 {
		return
	}
	slot := r.fds.make(fd)
	if slot.objAt != obj {
		// another channel under this number: look at its socket
		slot.objAt = obj
		owner := obj
		if s, err := attr(obj, "socket"); err == nil && s != starlark.None {
			owner = s
		}
		if slot.owner != owner {
			// a new socket under a reused number: the kernel may have
			// dropped the old registration when the old one was closed.
			r.poller.Forget(fd)
			slot.owner = owner
		}
	}
	if !slot.listed {
		slot.listed = true
		r.watched = append(r.watched, int32(fd))
	}
	slot.askedIn = r.pass
	if err := r.poller.Set(fd, ev); err != nil {
		// a descriptor closed behind the loop's back: nothing to watch
		r.poller.Forget(fd)
	}
}

// unwatchStale stops watching the descriptors no channel asked for this
// pass.
func (r *registry) unwatchStale() {
	kept := r.watched[:0]
	for _, fd := range r.watched {
		slot := r.fds.at(int(fd))
		if slot.askedIn == r.pass {
			kept = append(kept, fd)
			continue
		}
		r.poller.Set(int(fd), 0)
		slot.listed = false
	}
	r.watched = kept
}

// forget drops fd before it is closed: from the poller, and whatever the
// registry knew of its channel and socket.
func (r *registry) forget(fd int) {
	r.poller.Forget(fd)
	if s := r.fds.at(fd); s != nil {
		s.owner, s.objAt, s.askedIn = nil, nil, 0
	}
}

// current returns the channel an event of this pass is for: the one
// registered under fd when the pass began. A channel closed earlier in
// the pass is skipped, and so is a new channel that reused its
// descriptor in the meantime: it must not receive the old one's events
// (bpo-30931).
func (r *registry) current(d *starlark.Dict, fd int) (starlark.Value, bool) {
	s := r.fds.at(fd)
	if s == nil {
		return nil, false
	}
	if d == r.view.d && d.Version() == r.view.version {
		// the map as the registry knows it: what is registered is there
		return s.objAt, s.objAt != nil
	}
	obj, found, _ := d.Get(starlark.MakeInt(fd))
	if was := s.objAt; !found || was != obj {
		if was != nil {
			// the map changed behind add_channel/del_channel's back
			r.invalidate()
		}
		return nil, false
	}
	return obj, true
}

// adopt makes s the socket registered under fd for obj, when obj's
// socket became s, a socket on the same descriptor (one wrapped for TLS
// by a handler): the kernel's registration holds.
func (r *registry) adopt(fd int, obj, s starlark.Value) {
	if r.registered(fd, obj) {
		r.fds.at(fd).owner = s
	}
}

// owns reports whether s is the socket registered under fd.
func (r *registry) owns(fd int, s starlark.Value) bool {
	return r.ownerOf(fd) == s
}

// added notes that add_channel put obj under fd in d (old was there
// before, if found).
func (r *registry) added(d *starlark.Dict, fd int, obj, old starlark.Value, found bool) {
	if d != r.view.d {
		return
	}
	if !found {
		r.view.n++
	} else if old != obj {
		r.dropped(fd, old)
	}
	r.follow(d)
	r.pending = append(r.pending, entry{fd, obj})
}

// removed notes that del_channel took obj, under fd, out of d.
func (r *registry) removed(d *starlark.Dict, fd int, obj starlark.Value) {
	if d != r.view.d {
		return
	}
	r.view.n--
	r.dropped(fd, obj)
	r.follow(d)
}

// follow takes the one change added or removed was told of as the map's
// latest: its version moves on by one, unless something else changed it
// since the registry last looked, which stays unknown (the next pass
// scans).
func (r *registry) follow(d *starlark.Dict) {
	if d.Version() == r.view.version+1 {
		r.view.version++
	}
}

// lost notes that d changed in a way the registry does not follow
// (close_all emptied it; a channel joined or left it under a key that is
// no descriptor).
func (r *registry) lost(d *starlark.Dict) {
	if d == r.view.d {
		r.invalidate()
	}
}

// dropped stops watching fd for obj, which left the viewed map.
func (r *registry) dropped(fd int, obj starlark.Value) {
	if r.registered(fd, obj) {
		r.fds.at(fd).objAt = nil
		r.poller.Set(fd, 0)
	}
}

// registered reports whether obj is the channel registered under fd.
func (r *registry) registered(fd int, obj starlark.Value) bool {
	s := r.fds.at(fd)
	return s != nil && s.objAt == obj
}
