package asyncore

import (
	"errors"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/poll"
)

// fakePoller records what the registry tells the poller.
type fakePoller struct {
	interest map[int]poll.Events
	sets     int   // calls of Set
	forgot   []int // descriptors passed to Forget
}

func newFakePoller() *fakePoller { return &fakePoller{interest: map[int]poll.Events{}} }

func (p *fakePoller) Set(fd int, ev poll.Events) error {
	p.sets++
	if ev == 0 {
		delete(p.interest, fd)
	} else {
		p.interest[fd] = ev
	}
	return nil
}
func (p *fakePoller) Interest(fd int) poll.Events { return p.interest[fd] }
func (p *fakePoller) Forget(fd int) {
	delete(p.interest, fd)
	p.forgot = append(p.forgot, fd)
}
func (p *fakePoller) Wait(time.Duration, []poll.Event) ([]poll.Event, error) { return nil, nil }
func (p *fakePoller) Wake() error                                            { return nil }
func (p *fakePoller) Len() int                                               { return len(p.interest) }
func (p *fakePoller) Close() error                                           { return nil }

// fakeAsker answers for the channels: the events in want (poll.In when
// not set), Starlark answers for those in scripted, an error for those in
// failing; it counts the questions per channel.
type fakeAsker struct {
	want    map[starlark.Value]poll.Events
	scripts map[starlark.Value]bool
	failing map[starlark.Value]error
	asked   map[starlark.Value]int
	handled []error
}

func newFakeAsker() *fakeAsker {
	return &fakeAsker{want: map[starlark.Value]poll.Events{}, scripts: map[starlark.Value]bool{},
		failing: map[starlark.Value]error{}, asked: map[starlark.Value]int{}}
}

func (a *fakeAsker) watchFor(th *starlark.Thread, fd int, obj starlark.Value, usePoll bool) (poll.Events, error) {
	a.asked[obj]++
	if err := a.failing[obj]; err != nil {
		return 0, err
	}
	if ev, ok := a.want[obj]; ok {
		return ev, nil
	}
	return poll.In, nil
}
func (a *fakeAsker) scripted(obj starlark.Value) bool { return a.scripts[obj] }
func (a *fakeAsker) handle(th *starlark.Thread, obj starlark.Value, err error) error {
	a.handled = append(a.handled, err)
	return nil
}

// chanClass is the class of the test channels: a socket attribute, as a
// dispatcher has.
var chanClass = class.MustNew("Chan", "", []*class.Class{class.Object}, starlark.StringDict{"socket": starlark.None})

// newChan makes a channel whose socket is sock (None: the channel is its
// own owner).
func newChan(sock starlark.Value) *class.Instance {
	inst := class.NewInstance(chanClass)
	if sock != nil {
		inst.SetAttr("socket", sock)
	}
	return inst
}

// registryFixture is a registry over a fake poller and asker, and a map
// of n channels under descriptors 10, 11, ...
type registryFixture struct {
	r     *registry
	p     *fakePoller
	a     *fakeAsker
	d     *starlark.Dict
	chans []*class.Instance
}

func newRegistryFixture(t *testing.T, n int) *registryFixture {
	t.Helper()
	f := &registryFixture{r: new(registry), p: newFakePoller(), a: newFakeAsker(), d: starlark.NewDict(n)}
	f.r.init(f.p, f.a)
	for i := 0; i < n; i++ {
		c := newChan(nil)
		f.chans = append(f.chans, c)
		if err := f.d.SetKey(starlark.MakeInt(10+i), c); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// pass brings the registrations up to date, as a loop pass does.
func (f *registryFixture) pass(t *testing.T) {
	t.Helper()
	var err error
	if f.r.needScan(f.d, false) {
		err = f.r.scan(nil, f.d, false)
	} else {
		err = f.r.update(nil, f.d, false)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func (f *registryFixture) resetAsked() { clear(f.a.asked) }

func TestScanRegistersEveryChannelAsItAnswers(t *testing.T) {
	f := newRegistryFixture(t, 3)
	f.a.want[f.chans[1]] = poll.In | poll.Out
	f.a.want[f.chans[2]] = 0
	f.pass(t)
	want := map[int]poll.Events{10: poll.In, 11: poll.In | poll.Out}
	for fd := 10; fd < 13; fd++ {
		if got := f.p.Interest(fd); got != want[fd] {
			t.Errorf("fd %d watched for %v, want %v", fd, got, want[fd])
		}
		if obj, ok := f.r.current(f.d, fd); !ok || obj != starlark.Value(f.chans[fd-10]) {
			t.Errorf("current(%d) = %v, %v; want its channel", fd, obj, ok)
		}
	}
	if f.r.needScan(f.d, false) {
		t.Error("a scan leaves the map to be scanned again")
	}
}

func TestUpdateAsksOnlyChangedChannels(t *testing.T) {
	f := newRegistryFixture(t, 3)
	f.pass(t)
	f.resetAsked()
	f.pass(t)
	if len(f.a.asked) != 0 {
		t.Errorf("a pass with nothing changed asked %v", f.a.asked)
	}
	f.chans[1].SetAttr("connected", starlark.True) // heard through Watch
	f.pass(t)
	if len(f.a.asked) != 1 || f.a.asked[f.chans[1]] != 1 {
		t.Errorf("after one channel changed, asked %v; want that one once", f.a.asked)
	}
	f.resetAsked()
	f.r.markChanged(f.chans[2]) // Module.Changed: a Go buffer
	f.r.markChanged(f.chans[2])
	f.pass(t)
	if len(f.a.asked) != 1 || f.a.asked[f.chans[2]] != 1 {
		t.Errorf("after Changed, asked %v; want that one once", f.a.asked)
	}
}

func TestScriptedChannelsAreAskedEveryPass(t *testing.T) {
	f := newRegistryFixture(t, 2)
	f.a.scripts[f.chans[0]] = true
	f.pass(t)
	for i := 0; i < 3; i++ {
		f.resetAsked()
		f.pass(t)
		if len(f.a.asked) != 1 || f.a.asked[f.chans[0]] != 1 {
			t.Fatalf("pass %d asked %v; want the scripted channel once", i, f.a.asked)
		}
	}
}

func TestAddedChannelIsAskedWithoutAScan(t *testing.T) {
	f := newRegistryFixture(t, 2)
	f.pass(t)
	f.resetAsked()
	c := newChan(nil)
	f.d.SetKey(starlark.MakeInt(20), c)
	f.r.added(f.d, 20, c, nil, false)
	if f.r.needScan(f.d, false) {
		t.Fatal("add_channel's note left the registry unable to vouch for the map")
	}
	f.pass(t)
	if len(f.a.asked) != 1 || f.a.asked[c] != 1 || f.p.Interest(20) != poll.In {
		t.Errorf("asked %v, fd 20 watched for %v; want the new channel asked once and watched", f.a.asked, f.p.Interest(20))
	}
}

func TestRemovedChannelIsNoLongerWatched(t *testing.T) {
	f := newRegistryFixture(t, 2)
	f.pass(t)
	f.d.Delete(starlark.MakeInt(10))
	f.r.removed(f.d, 10, f.chans[0])
	if f.r.needScan(f.d, false) {
		t.Fatal("del_channel's note left the registry unable to vouch for the map")
	}
	if f.p.Interest(10) != 0 {
		t.Error("a removed channel's descriptor is still watched")
	}
	if _, ok := f.r.current(f.d, 10); ok {
		t.Error("an event for a removed channel's descriptor would be dispatched")
	}
}

// A descriptor reused within a pass (del_channel, then add_channel of
// another channel under the same number) gets no event until the new
// channel is registered, at the next pass.
func TestCurrentFollowsDelAndAddChannel(t *testing.T) {
	f := newRegistryFixture(t, 2)
	f.pass(t)
	if obj, ok := f.r.current(f.d, 10); !ok || obj != f.chans[0] {
		t.Fatalf("current(10) = %v, %v; want the registered channel", obj, ok)
	}
	f.d.Delete(starlark.MakeInt(10))
	f.r.removed(f.d, 10, f.chans[0])
	c := newChan(nil)
	f.d.SetKey(starlark.MakeInt(10), c)
	f.r.added(f.d, 10, c, nil, false)
	if _, ok := f.r.current(f.d, 10); ok {
		t.Error("an event of the pass went to the channel that reused the descriptor")
	}
	if obj, ok := f.r.current(f.d, 11); !ok || obj != f.chans[1] {
		t.Errorf("current(11) = %v, %v; want the channel registered under 11", obj, ok)
	}
	f.pass(t)
	if f.r.needScan(f.d, false) {
		t.Error("the registry lost track of the map")
	}
	if obj, ok := f.r.current(f.d, 10); !ok || obj != c {
		t.Errorf("next pass: current(10) = %v, %v; want the new channel", obj, ok)
	}
}

// What the registry knows is stamped: any change it cannot follow makes
// the next pass scan the map whole.
func TestNeedScanWhenTheStampNoLongerHolds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, f *registryFixture) (d *starlark.Dict, usePoll bool)
	}{
		{"the map's length changed behind its back", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			f.d.SetKey(starlark.MakeInt(99), newChan(nil))
			return f.d, false
		}},
		{"an entry replaced behind its back, the length kept", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			f.d.SetKey(starlark.MakeInt(10), newChan(nil))
			return f.d, false
		}},
		{"another map", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			return starlark.NewDict(1), false
		}},
		{"use_poll", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) { return f.d, true }},
		{"a class changed", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			other := class.MustNew("Other", "", []*class.Class{class.Object}, nil)
			other.SetField("x", starlark.True)
			return f.d, false
		}},
		{"invalidated", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			f.r.invalidate()
			return f.d, false
		}},
		{"the map was lost", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			f.r.lost(f.d)
			return f.d, false
		}},
		{"a value in the map that is no instance, every pass", func(t *testing.T, f *registryFixture) (*starlark.Dict, bool) {
			f.d.SetKey(starlark.MakeInt(30), starlark.String("not a channel"))
			f.pass(t) // the length changed: a scan, which sees the value
			f.pass(t)
			return f.d, false
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newRegistryFixture(t, 2)
			f.pass(t)
			if f.r.needScan(f.d, false) {
				t.Fatal("needs a scan before the change")
			}
			d, usePoll := tc.change(t, f)
			if !f.r.needScan(d, usePoll) {
				t.Error("no scan after the change")
			}
		})
	}
}

func TestScanStopsWatchingDescriptorsGoneFromTheMap(t *testing.T) {
	f := newRegistryFixture(t, 3)
	f.pass(t)
	f.d.Delete(starlark.MakeInt(11)) // behind the registry's back
	f.pass(t)
	if f.p.Interest(11) != 0 {
		t.Error("a descriptor gone from the map is still watched")
	}
	if f.p.Interest(10) != poll.In || f.p.Interest(12) != poll.In {
		t.Error("the other descriptors are no longer watched")
	}
}

// bpo-30931: an event for a descriptor whose channel was replaced in the
// map goes to no channel, and the registry scans next pass.
func TestCurrentSkipsAReplacedChannel(t *testing.T) {
	f := newRegistryFixture(t, 1)
	f.pass(t)
	f.d.SetKey(starlark.MakeInt(10), newChan(nil)) // same length
	if _, ok := f.r.current(f.d, 10); ok {
		t.Error("the event went to the channel that replaced the registered one")
	}
	if !f.r.needScan(f.d, false) {
		t.Error("no scan after finding the map changed behind the registry's back")
	}
}

// A new socket under a reused number is registered afresh: the kernel
// may have dropped the old registration when the old socket closed.
func TestNewSocketUnderAReusedNumberIsForgottenFirst(t *testing.T) {
	f := newRegistryFixture(t, 0)
	sockA, sockB := starlark.NewList(nil), starlark.NewList(nil) // two distinct objects
	a, b, sameSock := newChan(sockA), newChan(sockB), newChan(sockA)
	f.r.nextPass()
	f.r.watch(5, a, poll.In)
	f.p.forgot = nil
	f.r.watch(5, sameSock, poll.In) // another channel, the same socket
	if len(f.p.forgot) != 0 {
		t.Errorf("the same socket under another channel was forgotten: %v", f.p.forgot)
	}
	f.r.watch(5, b, poll.In)
	if len(f.p.forgot) != 1 || f.p.forgot[0] != 5 || !f.r.owns(5, sockB) {
		t.Errorf("forgot %v, owns B %v; want 5 forgotten and B registered", f.p.forgot, f.r.owns(5, sockB))
	}
}

func TestForgetDropsTheDescriptor(t *testing.T) {
	f := newRegistryFixture(t, 1)
	f.pass(t)
	f.r.forget(10)
	if f.p.Interest(10) != 0 || f.r.owns(10, f.chans[0]) {
		t.Error("a forgotten descriptor is still registered")
	}
	if _, ok := f.r.current(f.d, 10); ok {
		t.Error("an event for a forgotten descriptor would be dispatched")
	}
}

// A channel whose readable() fails is watched for nothing, and the error
// goes to its handle_error; the other channels are registered.
func TestAFailingAnswerIsHandledAndWatchedForNothing(t *testing.T) {
	f := newRegistryFixture(t, 2)
	boom := errors.New("boom")
	f.a.failing[f.chans[0]] = boom
	f.pass(t)
	if len(f.a.handled) != 1 || f.a.handled[0] != boom {
		t.Errorf("handled %v, want the error once", f.a.handled)
	}
	if f.p.Interest(10) != 0 || f.p.Interest(11) != poll.In {
		t.Errorf("watched %v and %v, want nothing and In", f.p.Interest(10), f.p.Interest(11))
	}
}

// The kernel hears of a descriptor only when its interest changes: a
// pass with nothing changed makes no registration at all.
func TestAQuietPassRegistersNothing(t *testing.T) {
	f := newRegistryFixture(t, 100)
	f.pass(t)
	sets := f.p.sets
	f.pass(t)
	if f.p.sets != sets {
		t.Errorf("a quiet pass over 100 idle channels made %d registrations", f.p.sets-sets)
	}
}
