package socket

import (
	"os"
	"path/filepath"
	"testing"

	"go.starlark.net/starlark"
)

// TestHostNamesFromTheHostsFile: gethostbyaddr, gethostbyname_ex and
// getfqdn answer from the hosts file as glibc's files backend does (with
// "multi on"): the first line with an address names it, and a name's
// lines give its canonical name, the other names and every address.
func TestHostNamesFromTheHostsFile(t *testing.T) {
	hosts := filepath.Join(t.TempDir(), "hosts")
	os.WriteFile(hosts, []byte(`# a comment
127.0.0.1 localhost
127.0.1.1 box.example.com box   # trailing comment
::1 localhost ip6-localhost
10.0.0.5 multi
10.0.0.6 multi other
10.0.0.5 later
`), 0o644)
	old := hostsFile
	hostsFile = hosts
	defer func() { hostsFile = old }()

	for _, c := range []struct{ src, want string }{
		{`gethostbyaddr("127.0.0.1")`, `("localhost", [], ["127.0.0.1"])`},
		{`gethostbyaddr("127.0.1.1")`, `("box.example.com", ["box"], ["127.0.1.1"])`},
		{`gethostbyaddr("box")`, `("box.example.com", ["box"], ["127.0.1.1"])`},
		{`gethostbyaddr("localhost")`, `("localhost", [], ["127.0.0.1"])`},
		{`gethostbyaddr("::1")`, `("localhost", ["ip6-localhost"], ["::1"])`},
		{`gethostbyaddr("10.0.0.5")`, `("multi", [], ["10.0.0.5"])`},
		{`gethostbyname_ex("box")`, `("box.example.com", ["box"], ["127.0.1.1"])`},
		{`gethostbyname_ex("BOX.example.com")`, `("box.example.com", ["box"], ["127.0.1.1"])`},
		{`gethostbyname_ex("multi")`, `("multi", ["other"], ["10.0.0.5", "10.0.0.6"])`},
		{`gethostbyname_ex("localhost")`, `("localhost", [], ["127.0.0.1"])`},
		{`gethostbyname_ex("10.1.2.3")`, `("10.1.2.3", [], ["10.1.2.3"])`},
		{`getfqdn("box")`, `"box.example.com"`},
		{`getfqdn(" 127.0.1.1 ")`, `"box.example.com"`},
		{`getfqdn("localhost")`, `"localhost"`},
		{`getfqdn("multi")`, `"multi"`},
	} {
		v, err := starlark.Eval(&starlark.Thread{}, "t.star", c.src, members())
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		if got := v.String(); got != c.want {
			t.Errorf("%s = %s, want %s", c.src, got, c.want)
		}
	}
}
