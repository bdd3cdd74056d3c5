package tests

import (
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/interp"
)

// specMembers is every module and member the specification's section 6
// (the predeclared modules) names, and those the standard library issue
// asks of each module, one line per module, or per value a module makes
// (a socket, a compiled pattern): a Python expression, a colon, the
// names it must have. A name marked "!" is pyasync's own or Python 2's
// (sys.worker, string.join): CPython 3.11 is not asked about it.
const specMembers = `
socket: socket socketpair gethostname gethostbyname getaddrinfo getfqdn gethostbyaddr AF_INET AF_INET6 AF_UNIX SOCK_STREAM SOCK_DGRAM SOL_SOCKET SO_REUSEADDR SO_REUSEPORT SO_ERROR SO_RCVBUF SO_SNDBUF SO_LINGER SO_KEEPALIVE IPPROTO_TCP TCP_NODELAY MSG_OOB MSG_PEEK SHUT_RD SHUT_WR SHUT_RDWR
socket.socket(): fileno bind listen accept connect connect_ex send sendall recv sendto recvfrom shutdown close getpeername getsockname setsockopt getsockopt setblocking family type
signal: SIGINT SIGTERM SIGHUP SIGUSR1 SIGUSR2
errno: errorcode EAGAIN EWOULDBLOCK EINTR EBADF EPIPE ECONNRESET ECONNREFUSED ECONNABORTED ENOTCONN ESHUTDOWN EINPROGRESS EALREADY EISCONN EINVAL
time: time monotonic sleep strftime gmtime localtime ctime
sys: argv exit stdout stderr platform !worker !workers exc_info version_info !maxint maxsize
sys.stdout: write flush
sys.stderr: write
os: getpid environ read write close pipe strerror stat mkdir path
os.path: realpath
ssl: SSLContext PROTOCOL_TLS_SERVER PROTOCOL_TLS_CLIENT wrap_socket SSLError SSLEOFError SSLWantReadError SSLWantWriteError CERT_NONE CERT_REQUIRED
ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER): load_cert_chain load_verify_locations load_default_certs verify_mode check_hostname set_alpn_protocols wrap_socket
ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).wrap_socket(socket.socket(), server_hostname="h"): do_handshake recv send pending unwrap getpeercert version cipher selected_alpn_protocol
re: compile match search fullmatch findall finditer sub subn split escape error I M S X IGNORECASE MULTILINE DOTALL VERBOSE
re.compile("(?P<n>a)(b)?"): match search fullmatch findall finditer sub subn split groups groupindex pattern flags
re.match("(?P<n>a)(b)?", "ab"): group groups groupdict start end span
struct: pack unpack calcsize pack_into unpack_from iter_unpack Struct error
struct.Struct(">HBBIQ"): pack unpack unpack_from size format
string: !join !split !lower !atoi ascii_letters ascii_lowercase ascii_uppercase digits hexdigits octdigits punctuation printable whitespace capwords
stat: ST_MODE ST_SIZE ST_MTIME S_ISDIR S_ISREG S_IFMT
traceback: format_exc print_exc format_exception
logging: getLogger basicConfig debug info warning error exception critical DEBUG INFO WARNING ERROR CRITICAL StreamHandler FileHandler Formatter handlers
logging.handlers: RotatingFileHandler WatchedFileHandler BaseRotatingHandler
getopt: getopt gnu_getopt GetoptError
optparse: OptionParser OptionGroup OptionValueError
optparse.OptionParser(): add_option parse_args error print_help
collections: deque defaultdict OrderedDict
warnings: warn filterwarnings simplefilter
random: seed random randint randrange choice shuffle
heapq: heappush heappop heapify
bisect: bisect bisect_left bisect_right insort
glob: glob
tempfile: mkstemp mkdtemp gettempdir TemporaryFile NamedTemporaryFile
mimetypes: guess_type
urllib.parse: quote unquote urlsplit urlparse parse_qs urlencode
html: escape
base64: b64encode b64decode
binascii: hexlify unhexlify crc32
hashlib: md5 sha1 sha256
hashlib.md5(): update digest hexdigest
`

// specRow is one line of specMembers.
type specRow struct {
	expr    string
	members []string
}

func specRows(t *testing.T) []specRow {
	var rows []specRow
	for _, line := range strings.Split(strings.TrimSpace(specMembers), "\n") {
		i := strings.LastIndex(line, ": ")
		if i < 0 {
			t.Fatalf("bad line %q", line)
		}
		rows = append(rows, specRow{line[:i], strings.Fields(line[i+2:])})
	}
	return rows
}

// TestSpecModulesHaveTheirMembers: every module and member the
// specification's section 6 lists is in pyasync's environment.
func TestSpecModulesHaveTheirMembers(t *testing.T) {
	in, err := interp.New(interp.Config{Argv: []string{"t"}, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	n := 0
	for _, row := range specRows(t) {
		v, err := starlark.EvalOptions(&syntax.FileOptions{}, in.Thread, "spec", row.expr, in.Predeclared)
		if err != nil {
			t.Errorf("%s: %v", row.expr, err)
			continue
		}
		ha, ok := v.(starlark.HasAttrs)
		if !ok {
			t.Errorf("%s is a %s, with no attributes", row.expr, v.Type())
			continue
		}
		for _, m := range row.members {
			name := strings.TrimPrefix(m, "!")
			if a, err := ha.Attr(name); err != nil || a == nil {
				t.Errorf("%s has no %s (%v)", row.expr, name, err)
			}
			n++
		}
	}
	t.Logf("%d members", n)
}

// TestSpecMembersAreCPythons: the table names what CPython 3.11 has (a
// member marked "!" aside), so that pyasync's names are Python's.
func TestSpecMembersAreCPythons(t *testing.T) {
	python := findPython(t, "python3")
	rows := specRows(t)
	var py strings.Builder
	py.WriteString("import json, sys, socket, signal, errno, time, os, os.path, ssl, re, struct, string, stat, traceback\n")
	py.WriteString("import logging, logging.handlers, getopt, optparse, collections, warnings, random, heapq, bisect, glob\n")
	py.WriteString("import tempfile, mimetypes, urllib.parse, html, base64, binascii, hashlib\n")
	py.WriteString("missing = []\n")
	for _, row := range rows {
		var names []string
		for _, m := range row.members {
			if !strings.HasPrefix(m, "!") {
				names = append(names, m)
			}
		}
		js, _ := json.Marshal(names)
		fmt.Fprintf(&py, "v = %s\nmissing += [%q + '.' + n for n in %s if not hasattr(v, n)]\n", row.expr, row.expr, js)
	}
	py.WriteString("print(json.dumps(missing))\n")
	out, err := exec.Command(python, "-W", "ignore", "-c", py.String()).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	var missing []string
	if err := json.Unmarshal(out, &missing); err != nil {
		t.Fatalf("python3 printed %q", out)
	}
	for _, m := range missing {
		t.Errorf("CPython has no %s: mark it ! (pyasync's own) or correct it", m)
	}
}
