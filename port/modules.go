package port

import (
	"sort"
	"strings"
)

// Modules are the modules every pyasync script starts with, by dotted
// name ("os", "os.path", "urllib.parse"), each with the names it has; a
// nil set means the names are not known and any is taken. pyasync port
// reads them from the interpreter it checks translations with, so that
// the translator keeps exactly the imports the running pyasync can
// serve.
type Modules map[string]map[string]bool

// defaultModules are the modules Translate assumes when Options.Modules
// is nil: the ones pyasync has always had, names unknown.
var defaultModules = Modules{
	"asyncore": nil, "asynchat": nil, "socket": nil, "errno": nil,
	"time": nil, "sys": nil, "os": nil, "os.path": nil, "signal": nil,
}

// has reports whether the module exists.
func (ms Modules) has(mod string) bool {
	_, ok := ms[mod]
	return ok
}

// member reports whether module mod has name, or may have it (its names
// are not known).
func (ms Modules) member(mod, name string) bool {
	names, ok := ms[mod]
	return ok && (names == nil || names[name])
}

// public is what "from mod import *" takes: the module's names that do
// not start with "_", sorted; nil when they are not known.
func (ms Modules) public(mod string) []string {
	names := ms[mod]
	if names == nil {
		return nil
	}
	var out []string
	for n := range names {
		if !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// python2Modules are the Python 2 modules whose contents live on, same
// names and same behaviour, in a Python 3 module pyasync has (StringIO's
// StringIO is io's: pyasync's str is Python 2's). Python 2 modules whose
// members were renamed or changed on the way (md5, httplib, Queue) are
// not here: an import of one is left for a person, who knows which of
// its uses matter.
var python2Modules = map[string]string{
	"urlparse":       "urllib.parse",
	"StringIO":       "io",
	"cStringIO":      "io",
	"thread":         "_thread",
	"htmlentitydefs": "html.entities",
	"xmlrpclib":      "xmlrpc.client",
}

// python2Members are Python 2 modules that pyasync has under the same
// name but whose members, in Python 3, moved to another module: Python
// 2's urllib.quote is Python 3's urllib.parse.quote.
var python2Members = map[string]string{
	"urllib": "urllib.parse",
}

// vendoredCopies are the modules programs carry their own copy of
// (supervisor's medusa has asyncore_25.py and asynchat_25.py), each with
// the names a copy must define to be taken for one.
var vendoredCopies = map[string][]string{
	"asyncore": {"dispatcher", "loop"},
	"asynchat": {"async_chat"},
}
