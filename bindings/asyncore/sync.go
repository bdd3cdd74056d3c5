package asyncore

import (
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/poll"
)

// This file keeps the poller's registrations in step with a map without
// looking at every channel every pass.
//
// CPython's poll() asks every channel readable() and writable() each
// pass. For a channel whose methods are built-in the answer depends only
// on its own state, so the loop asks again only the channels whose state
// changed (channel.go), the channels added since the last pass, and the
// channels whose readable() or writable() a script wrote, which are asked
// every pass as CPython would. The cost of a pass is then that of its
// active channels, however many idle ones the map holds.
//
// The map itself is a plain dict that scripts may change behind the
// loop's back, so the loop scans it whole (as CPython does every pass)
// when it cannot vouch for what it knows: on the first pass of each
// loop() or poll() call, when the map, use_poll or any class changed,
// when the map's length is not the one the loop expects, while a
// listener rests after EMFILE, and when an event shows a channel that is
// no longer the one registered under its descriptor. Channels join and
// leave maps through add_channel() and del_channel(), which keep that
// knowledge exact; a script that replaces a map's entries directly,
// keeping its length, is seen at the next event on that descriptor or at
// the next loop() call.

// needScan reports whether this pass must scan the whole map.
func (m *Module) needScan(d *starlark.Dict, usePoll bool) bool {
	if m.resync || m.foreign || d != m.synced || d.Len() != m.syncedLen || usePoll != m.syncedPoll || len(m.paused) > 0 {
		return true
	}
	_, same := m.probe.Memo()
	return !same
}

// scan asks every channel of d, as CPython's poll() does, and forgets
// what the last pass left registered for descriptors no longer in d.
func (m *Module) scan(th *starlark.Thread, d *starlark.Dict, usePoll bool, timeout *time.Duration) error {
	// snapshot the map: handlers may change it during the pass
	m.entries = m.entries[:0]
	m.foreign = false
	iter := d.Iterate()
	var k starlark.Value
	for iter.Next(&k) {
		fd, err := starlark.AsInt32(k)
		if err != nil {
			continue // not a descriptor key: nothing to watch
		}
		v, _, _ := d.Get(k)
		m.entries = append(m.entries, entry{fd, v})
		if _, ok := v.(*class.Instance); !ok {
			m.foreign = true
		}
	}
	iter.Done()

	m.synced, m.syncedLen, m.syncedPoll, m.resync = d, d.Len(), usePoll, false
	m.probe.SetMemo(true)
	for _, inst := range m.changed {
		stateOf(inst).changed = false
	}
	clear(m.changed)
	m.changed = m.changed[:0]
	for _, e := range m.scripted {
		if st := stateOf(e.obj); st != nil {
			st.scripted = false
		}
	}
	clear(m.scripted)
	m.scripted = m.scripted[:0]
	clear(m.pending)
	m.pending = m.pending[:0]

	m.bumpPass()
	for _, e := range m.entries {
		if err := m.refresh(th, e.fd, e.obj, usePoll, timeout); err != nil {
			return err
		}
	}
	m.unwatchStale()
	return nil
}

// update brings the registrations up to date after the passes since the
// last scan: channels added, channels whose state changed, and channels
// that answer readable()/writable() in Starlark.
func (m *Module) update(th *starlark.Thread, d *starlark.Dict, usePoll bool, timeout *time.Duration) error {
	m.bumpPass()
	// a script's readable()/writable() first, in the order of the map
	kept := m.scripted[:0]
	for _, e := range m.scripted {
		st := stateOf(e.obj)
		if e.fd >= len(m.objAt) || m.objAt[e.fd] != e.obj || (st != nil && st.fd != e.fd) {
			if st != nil {
				st.scripted = false
			}
			continue
		}
		kept = append(kept, e)
		if err := m.refresh(th, e.fd, e.obj, usePoll, timeout); err != nil {
			return err // the caller scans next pass
		}
	}
	clear(m.scripted[len(kept):])
	m.scripted = kept
	// then the channels added since the last pass
	if len(m.pending) > 0 {
		added := m.pending
		m.pending, m.spare = m.spare[:0], nil
		for _, e := range added {
			if cur, found, _ := d.Get(starlark.MakeInt(e.fd)); found && cur == e.obj {
				if err := m.refresh(th, e.fd, e.obj, usePoll, timeout); err != nil {
					return err
				}
			}
		}
		clear(added) // drop the references
		m.spare = added[:0]
	}
	// then those whose state changed
	for i := 0; i < len(m.changed); i++ { // a refresh may queue more
		inst := m.changed[i]
		st := stateOf(inst)
		st.changed = false
		if st.fd >= 0 && st.fd < len(m.objAt) && m.objAt[st.fd] == starlark.Value(inst) {
			if err := m.refresh(th, st.fd, inst, usePoll, timeout); err != nil {
				return err
			}
		}
	}
	clear(m.changed)
	m.changed = m.changed[:0]
	return nil
}

// refresh asks one channel readable() and writable() and registers the
// answer.
func (m *Module) refresh(th *starlark.Thread, fd int, obj starlark.Value, usePoll bool, timeout *time.Duration) error {
	if fd < 0 {
		return nil
	}
	if fd < len(m.stamp) && m.stamp[fd] == m.passNo && m.objAt[fd] == obj {
		return nil // asked already this pass
	}
	st := stateOf(obj)
	if st != nil {
		if !st.watched {
			st.watched = true
			obj.(*class.Instance).Watch(m.onChange)
		}
		st.fd = fd
		if !st.scripted && m.scriptedInterest(obj) {
			st.scripted = true
			m.scripted = append(m.scripted, entry{fd, obj})
		}
	}
	r, w, err := m.interest(th, obj)
	if err != nil {
		// watched for nothing until it answers
		m.watch(fd, obj, 0)
		return m.handle(th, obj, err)
	}
	var ev poll.Events
	if usePoll {
		if r {
			ev |= poll.In | poll.Pri
		}
	} else if r {
		ev |= poll.In
	}
	if w {
		ev |= poll.Out
	}
	if len(m.paused) > 0 && m.acceptPaused(fd, timeout) {
		ev &^= poll.In | poll.Pri
	}
	if !usePoll && (r || w) {
		ev |= poll.Pri
	}
	m.watch(fd, obj, ev)
	return nil
}

func (m *Module) bumpPass() {
	m.passNo++
	if m.passNo == 0 {
		m.passNo = 1
		for i := range m.stamp {
			m.stamp[i] = 0
		}
	}
}

// added notes that add_channel put obj under fd in d (old was there before,
// if found).
func (m *Module) added(d *starlark.Dict, fd int, obj, old starlark.Value, found bool) {
	if d != m.synced {
		return
	}
	if !found {
		m.syncedLen++
	} else if old != obj {
		m.dropped(fd, old)
	}
	m.pending = append(m.pending, entry{fd, obj})
}

// removed notes that del_channel took obj, under fd, out of d.
func (m *Module) removed(d *starlark.Dict, fd int, obj starlark.Value) {
	if d != m.synced {
		return
	}
	m.syncedLen--
	m.dropped(fd, obj)
}

// dropped stops watching fd for obj, which left the synced map.
func (m *Module) dropped(fd int, obj starlark.Value) {
	if fd >= 0 && fd < len(m.objAt) && m.objAt[fd] == obj {
		m.objAt[fd] = nil
		m.poller.Set(fd, 0)
	}
}
