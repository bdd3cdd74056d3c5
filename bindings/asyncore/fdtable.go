package asyncore

import "go.starlark.net/starlark"

// fdTable is what the registry keeps per descriptor, in pages of
// fdPage descriptors made as descriptors reach them: a server that
// accepts ten thousand connections one by one makes forty pages, where
// slices grown one descriptor at a time would be copied over and over
// (several times their final size in all) and keep up to a quarter
// more than they hold.
type fdTable struct {
	pages []*[fdPage]fdSlot
}

// fdPage is how many descriptors a page of an fdTable holds.
const fdPage = 256

// fdSlot is what the registry keeps of one descriptor.
type fdSlot struct {
	objAt   starlark.Value // the channel registered under it
	owner   starlark.Value // the socket registered under it
	askedIn uint32         // == registry.pass: registered this pass
	listed  bool           // in registry.watched
}

// at returns fd's slot, nil when fd has none yet.
func (t *fdTable) at(fd int) *fdSlot {
	// unsigned: a negative fd is past every page, and the division and
	// remainder are a shift and a mask
	p := uint(fd) / fdPage
	if p >= uint(len(t.pages)) {
		return nil
	}
	pg := t.pages[p]
	if pg == nil {
		return nil
	}
	return &pg[uint(fd)%fdPage]
}

// make returns fd's slot, made if need be; fd is not negative.
func (t *fdTable) make(fd int) *fdSlot {
	p := fd / fdPage
	for p >= len(t.pages) {
		t.pages = append(t.pages, nil)
	}
	if t.pages[p] == nil {
		t.pages[p] = new([fdPage]fdSlot)
	}
	return &t.pages[p][fd%fdPage]
}

// clearAsked forgets in which pass every descriptor was registered.
func (t *fdTable) clearAsked() {
	for _, pg := range t.pages {
		if pg != nil {
			for i := range pg {
				pg[i].askedIn = 0
			}
		}
	}
}

// ownerOf is the socket registered under fd, nil if none.
func (r *registry) ownerOf(fd int) starlark.Value {
	if s := r.fds.at(fd); s != nil {
		return s.owner
	}
	return nil
}
