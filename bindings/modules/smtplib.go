package modules

import (
	"bufio"
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewSmtplib makes smtplib, CPython 3.11's SMTP client on a blocking
// connection (a call waits for the server, as Python's do):
//
//	SMTP(host="", port=0, local_hostname=None, timeout=None, source_address=None)
//	    connect(host="localhost", port=0, source_address=None) -> (code, msg)
//	    helo(name=""), ehlo(name=""), ehlo_or_helo_if_needed(), has_extn(opt)
//	    mail(sender, options=()), rcpt(recip, options=()), data(msg)
//	    sendmail(from_addr, to_addrs, msg, mail_options=(), rcpt_options=()) -> {refused: (code, msg)}
//	    rset(), noop(), verify(address) (vrfy), expn(address), help(args="")
//	    login(user, password, initial_response_ok=True): CRAM-MD5, PLAIN or LOGIN
//	    auth(mechanism, authobject, initial_response_ok=True), auth_cram_md5, auth_plain, auth_login
//	    docmd(cmd, args=""), putcmd(cmd, args=""), getreply() -> (code, msg), send(s)
//	    set_debuglevel(level), quit(), close(), __enter__(), __exit__(*exc_info)
//	    attributes: debuglevel, esmtp_features, does_esmtp, ehlo_resp, helo_resp,
//	    local_hostname, timeout, default_port, ehlo_msg, command_encoding, source_address
//	quoteaddr(addrstring), quotedata(data)
//	SMTP_PORT, SMTP_SSL_PORT, CRLF, bCRLF
//	SMTPException and the classes under it (smtplib_errors.go)
//
// Replies are (code, msg) with msg a str (pyasync's str holds bytes:
// Python 3's msg is bytes). SMTP is a class: a program may subclass it,
// and its methods call each other through self, as Python's do.
//
// Not there: starttls, send_message (it needs email.message), SMTP_SSL,
// LMTP, the sock and file attributes; quoteaddr and the address of
// verify and expn understand "addr", "<addr>" and "Name <addr>" only
// (Python parses them with email.utils.parseaddr).
//
// sock is the socket module, whose getfqdn and gethostbyname give the
// name SMTP announces (passed in: the socket package builds on this one).
func NewSmtplib(stderr io.Writer, sock starlark.HasAttrs) *Lazy {
	socketModule = sock
	return NewLazy("smtplib", func() starlark.StringDict {
		m := starlark.StringDict{
			"SMTP":          newSMTPClass(stderr),
			"quoteaddr":     starlark.NewBuiltin("quoteaddr", quoteaddrBuiltin),
			"quotedata":     starlark.NewBuiltin("quotedata", quotedataBuiltin),
			"SMTP_PORT":     starlark.MakeInt(25),
			"SMTP_SSL_PORT": starlark.MakeInt(465),
			"CRLF":          starlark.String("\r\n"),
			"bCRLF":         starlark.Bytes("\r\n"),
		}
		for _, c := range smtpErrors() {
			m[c.Name()] = c
		}
		return m
	})
}

// smtpConn is the Go side of an SMTP instance: its connection.
type smtpConn struct {
	conn net.Conn
	r    *bufio.Reader
}

// maxReplyLine is Python's _MAXLINE: a longer reply line is an error.
const maxReplyLine = 8192

func newSMTPClass(stderr io.Writer) *class.Class {
	s := &smtpMethods{stderr: stderr}
	members := Methods(map[string]class.MethodFunc{
		"__init__": s.init, "connect": s.connect, "send": s.send, "putcmd": s.putcmd,
		"getreply": s.getreply, "docmd": s.docmd, "helo": s.helo, "ehlo": s.ehlo,
		"has_extn": s.hasExtn, "help": s.help, "rset": s.rset, "_rset": s.quietRset, "noop": s.noop,
		"mail": s.mail, "rcpt": s.rcpt, "data": s.data, "verify": s.verify, "vrfy": s.verify, "expn": s.expn,
		"ehlo_or_helo_if_needed": s.ehloOrHelo, "sendmail": s.sendmail, "close": s.close, "quit": s.quit,
		"set_debuglevel": s.setDebuglevel, "login": s.login, "auth": s.auth,
		"auth_cram_md5": s.authCramMD5, "auth_plain": s.authPlain, "auth_login": s.authLogin,
		"__enter__": s.enter, "__exit__": s.exit,
	})
	for k, v := range map[string]starlark.Value{
		"debuglevel": starlark.MakeInt(0), "helo_resp": starlark.None, "ehlo_msg": starlark.String("ehlo"),
		"ehlo_resp": starlark.None, "does_esmtp": starlark.False, "default_port": starlark.MakeInt(25),
	} {
		members[k] = v
	}
	return class.MustNew("SMTP", "smtplib", []*class.Class{class.Object}, members)
}

// smtpMethods are SMTP's methods; stderr is where debugging goes.
type smtpMethods struct {
	stderr io.Writer
}

func smtpSelf(fn string, self starlark.Value) (*class.Instance, error) {
	return Instance("SMTP."+fn, self)
}

// conn is the connection of self, or nil.
func conn(self *class.Instance) *smtpConn {
	c, _ := self.Native.(*smtpConn)
	return c
}

// attr reads self.name, or def when it has none.
func attr(self *class.Instance, name string, def starlark.Value) starlark.Value {
	if v, err := self.Attr(name); err == nil && v != nil {
		return v
	}
	return def
}

func intAttr(self *class.Instance, name string) int {
	n, _ := starlark.AsInt32(attr(self, name, starlark.MakeInt(0)))
	return n
}

func strAttr(self *class.Instance, name string) string {
	s, _ := starlark.AsString(attr(self, name, starlark.String("")))
	return s
}

// call is self.name(*args, **kwargs): a subclass's override wins.
func call(th *starlark.Thread, self *class.Instance, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, err := GetAttr(self, name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(th, fn, args, kwargs)
}

// reply splits a (code, msg) result.
func reply(v starlark.Value, err error) (int, starlark.Value, error) {
	if err != nil {
		return 0, nil, err
	}
	t, ok := v.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return 0, nil, pyerr.Errorf("TypeError", "cannot unpack %s as (code, msg)", PyType(v))
	}
	code, err := starlark.AsInt32(t[0])
	if err != nil {
		return 0, nil, pyerr.Errorf("TypeError", "a reply code must be an int, not %s", PyType(t[0]))
	}
	return code, t[1], nil
}

// debug is _print_debug: the arguments on stderr, after the time of day
// at level 2.
func (s *smtpMethods) debug(self *class.Instance, args ...string) {
	if intAttr(self, "debuglevel") > 1 {
		args = append([]string{time.Now().Format("15:04:05.000000")}, args...)
	}
	fmt.Fprintln(s.stderr, strings.Join(args, " "))
}

func (s *smtpMethods) init(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("__init__", selfv)
	if err != nil {
		return nil, err
	}
	var host string
	var port, localHostname, timeout, source starlark.Value = starlark.MakeInt(0), starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs("SMTP", args, kwargs, "host?", &host, "port?", &port, "local_hostname?", &localHostname,
		"timeout?", &timeout, "source_address?", &source); err != nil {
		return nil, err
	}
	self.SetAttr("_host", starlark.String(host))
	self.SetAttr("timeout", timeout)
	self.SetAttr("esmtp_features", starlark.NewDict(0))
	self.SetAttr("command_encoding", starlark.String("ascii"))
	self.SetAttr("source_address", source)
	self.SetAttr("_auth_challenge_count", starlark.MakeInt(0))
	if host != "" {
		code, msg, err := reply(call(th, self, "connect", starlark.Tuple{starlark.String(host), port}, nil))
		if err != nil {
			return nil, err
		}
		if code != 220 {
			if _, err := call(th, self, "close", nil, nil); err != nil {
				return nil, err
			}
			return nil, smtpRaise(th, smtpConnectError(), starlark.MakeInt(code), msg)
		}
	}
	if localHostname == starlark.None {
		name, err := localName(th)
		if err != nil {
			return nil, err
		}
		localHostname = starlark.String(name)
	}
	self.SetAttr("local_hostname", localHostname)
	return starlark.None, nil
}

// socketModule is the socket module NewSmtplib was given.
var socketModule starlark.HasAttrs

// localName is the name SMTP gives itself: the host's fully qualified
// name, or its address in brackets when the name has no dot.
func localName(th *starlark.Thread) (string, error) {
	sock := socketModule
	fn := func(name string, args ...starlark.Value) (string, error) {
		f, err := sock.Attr(name)
		if err != nil || f == nil {
			return "", fmt.Errorf("socket has no %s", name)
		}
		v, err := starlark.Call(th, f, starlark.Tuple(args), nil)
		if err != nil {
			return "", err
		}
		s, _ := starlark.AsString(v)
		return s, nil
	}
	fqdn, err := fn("getfqdn")
	if err != nil {
		return "", err
	}
	if strings.Contains(fqdn, ".") {
		return fqdn, nil
	}
	addr := "127.0.0.1"
	if host, err := fn("gethostname"); err == nil {
		if a, err := fn("gethostbyname", starlark.String(host)); err == nil {
			addr = a
		}
	}
	return "[" + addr + "]", nil
}

func (s *smtpMethods) setDebuglevel(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("set_debuglevel", selfv)
	if err != nil {
		return nil, err
	}
	var level starlark.Value
	if err := starlark.UnpackArgs("set_debuglevel", args, kwargs, "debuglevel", &level); err != nil {
		return nil, err
	}
	self.SetAttr("debuglevel", level)
	return starlark.None, nil
}

func (s *smtpMethods) connect(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("connect", selfv)
	if err != nil {
		return nil, err
	}
	host := "localhost"
	var portv, source starlark.Value = starlark.MakeInt(0), starlark.None
	if err := starlark.UnpackArgs("connect", args, kwargs, "host?", &host, "port?", &portv, "source_address?", &source); err != nil {
		return nil, err
	}
	if source != starlark.None {
		self.SetAttr("source_address", source)
	}
	port, _ := starlark.AsInt32(portv)
	if s, ok := portv.(starlark.String); ok { // a port given as a string is taken as Python's socket takes it
		n, err := strconv.Atoi(string(s))
		if err != nil {
			return nil, pyerr.Errorf("OSError", "nonnumeric port")
		}
		port = n
	}
	if port == 0 && strings.Count(host, ":") == 1 {
		i := strings.LastIndexByte(host, ':')
		n, err := strconv.Atoi(strings.TrimSpace(host[i+1:]))
		if err != nil {
			return nil, pyerr.Errorf("OSError", "nonnumeric port")
		}
		host, port = host[:i], n
	}
	if port == 0 {
		port = intAttr(self, "default_port")
	}
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, "connect:", fmt.Sprintf("(%s, %d)", pyReprStr(host), port))
	}
	if old := conn(self); old != nil {
		old.conn.Close()
		self.Native = nil
	}
	timeout, err := smtpTimeout(attr(self, "timeout", starlark.None))
	if err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: timeout}
	if src := attr(self, "source_address", starlark.None); src != starlark.None {
		if t, ok := src.(starlark.Tuple); ok && len(t) == 2 {
			h, _ := starlark.AsString(t[0])
			p, _ := starlark.AsInt32(t[1])
			if a, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(h, strconv.Itoa(p))); err == nil {
				d.LocalAddr = a
			}
		}
	}
	c, err := d.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, netError(err)
	}
	self.Native = &smtpConn{conn: c, r: bufio.NewReaderSize(c, maxReplyLine+2)}
	code, msg, err := reply(call(th, self, "getreply", nil, nil))
	if err != nil {
		return nil, err
	}
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, "connect:", pyReprBytes(str(msg)))
	}
	return starlark.Tuple{starlark.MakeInt(code), msg}, nil
}

// smtpTimeout reads a timeout: None blocks; 0 is refused, as Python's.
func smtpTimeout(v starlark.Value) (time.Duration, error) {
	if v == starlark.None {
		return 0, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok || math.IsNaN(f) {
		return 0, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as a timeout", PyType(v))
	}
	if f == 0 {
		return 0, pyerr.Errorf("ValueError", "Non-blocking socket (timeout=0) is not supported")
	}
	if f < 0 {
		return 0, pyerr.Errorf("ValueError", "Timeout value must be non-negative")
	}
	return time.Duration(f * float64(time.Second)), nil
}

// netError is a failure of Go's net package as Python's socket reports
// it: the OSError of its errno, socket.gaierror for a name that does not
// resolve, TimeoutError("timed out").
func netError(err error) error {
	var dns *net.DNSError
	switch {
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return &oserr.GaiError{Code: -2, Msg: "Name or service not known"}
		}
		return &oserr.GaiError{Code: -3, Msg: "Temporary failure in name resolution"}
	case errors.Is(err, os.ErrDeadlineExceeded):
		return pyerr.Errorf("TimeoutError", "timed out")
	}
	return oserr.FromErr(err)
}

// deadline applies the timeout to the next read or write.
func deadline(self *class.Instance, c *smtpConn) {
	t, _ := smtpTimeout(attr(self, "timeout", starlark.None))
	if t > 0 {
		c.conn.SetDeadline(time.Now().Add(t))
	} else {
		c.conn.SetDeadline(time.Time{})
	}
}

func (s *smtpMethods) send(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("send", selfv)
	if err != nil {
		return nil, err
	}
	var data starlark.Value
	if err := starlark.UnpackArgs("send", args, kwargs, "s", &data); err != nil {
		return nil, err
	}
	b, ok := starlark.AsString(data)
	if !ok {
		if by, isBytes := data.(starlark.Bytes); isBytes {
			b = string(by)
		} else {
			return nil, pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", PyType(data))
		}
	}
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, "send:", pyReprBytes(b))
	}
	c := conn(self)
	if c == nil {
		return nil, smtpRaise(th, smtpServerDisconnected(), starlark.String("please run connect() first"))
	}
	deadline(self, c)
	if _, err := io.WriteString(c.conn, b); err != nil {
		if _, err := call(th, self, "close", nil, nil); err != nil {
			return nil, err
		}
		return nil, smtpRaise(th, smtpServerDisconnected(), starlark.String("Server not connected"))
	}
	return starlark.None, nil
}

func (s *smtpMethods) putcmd(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("putcmd", selfv)
	if err != nil {
		return nil, err
	}
	var cmd, cargs string
	if err := starlark.UnpackArgs("putcmd", args, kwargs, "cmd", &cmd, "args?", &cargs); err != nil {
		return nil, err
	}
	line := cmd
	if cargs != "" {
		line = cmd + " " + cargs
	}
	if strings.ContainsAny(line, "\r\n") {
		return nil, pyerr.Errorf("ValueError", "command and arguments contain prohibited newline characters: %s",
			strings.NewReplacer("\n", `\n`, "\r", `\r`).Replace(line))
	}
	line += "\r\n"
	return call(th, self, "send", starlark.Tuple{starlark.String(line)}, nil)
}

func (s *smtpMethods) getreply(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("getreply", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("getreply", args, kwargs, 0); err != nil {
		return nil, err
	}
	c := conn(self)
	disconnected := func(msg string) error {
		if _, err := call(th, self, "close", nil, nil); err != nil {
			return err
		}
		return smtpRaise(th, smtpServerDisconnected(), starlark.String(msg))
	}
	if c == nil {
		return nil, disconnected("Connection unexpectedly closed")
	}
	var resp []string
	code := -1
	for {
		deadline(self, c)
		line, err := readLimited(c.r, maxReplyLine+1)
		if err != nil && line == "" {
			if err == io.EOF {
				return nil, disconnected("Connection unexpectedly closed")
			}
			e := netError(err)
			return nil, disconnected("Connection unexpectedly closed: " + pyErrorText(e))
		}
		if intAttr(self, "debuglevel") > 0 {
			s.debug(self, "reply:", pyReprBytes(line))
		}
		if len(line) > maxReplyLine {
			if _, err := call(th, self, "close", nil, nil); err != nil {
				return nil, err
			}
			return nil, smtpRaise(th, smtpResponseException(), starlark.MakeInt(500), starlark.String("Line too long."))
		}
		if len(line) > 4 {
			resp = append(resp, strings.Trim(line[4:], " \t\r\n"))
		} else {
			resp = append(resp, "")
		}
		n, perr := pyInt(line[:min(3, len(line))])
		if perr != nil {
			code = -1
			break
		}
		code = n
		if len(line) < 4 || line[3] != '-' {
			break
		}
	}
	msg := strings.Join(resp, "\n")
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, fmt.Sprintf("reply: retcode (%d); Msg: %s", code, pyReprBytes(msg)))
	}
	return starlark.Tuple{starlark.MakeInt(code), starlark.String(msg)}, nil
}

// readLimited reads a line (to "\n", kept) of at most limit bytes, as
// Python's readline(limit).
func readLimited(r *bufio.Reader, limit int) (string, error) {
	var b []byte
	for len(b) < limit {
		c, err := r.ReadByte()
		if err != nil {
			return string(b), err
		}
		b = append(b, c)
		if c == '\n' {
			break
		}
	}
	return string(b), nil
}

// pyInt is int(s) for the digits of a reply code (white space around
// them allowed, as Python's int allows).
func pyInt(s string) (int, error) {
	return strconv.Atoi(strings.TrimSpace(s))
}

// pyErrorText is str() of the exception err means.
func pyErrorText(err error) string {
	switch e := err.(type) {
	case *oserr.Error:
		return fmt.Sprintf("[Errno %d] %s", int(e.Errno), oserr.Strerror(e.Errno))
	case *oserr.GaiError:
		return e.Message()
	case *pyerr.Error:
		return e.Msg
	}
	return err.Error()
}

func (s *smtpMethods) docmd(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("docmd", selfv)
	if err != nil {
		return nil, err
	}
	var cmd starlark.Value
	var cargs starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("docmd", args, kwargs, "cmd", &cmd, "args?", &cargs); err != nil {
		return nil, err
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{cmd, cargs}, nil); err != nil {
		return nil, err
	}
	return call(th, self, "getreply", nil, nil)
}

// nameArg reads the one optional name argument of helo and ehlo.
func nameArg(fn string, self *class.Instance, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackArgs(fn, args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	if name == "" {
		return attr(self, "local_hostname", starlark.String("")), nil
	}
	return starlark.String(name), nil
}

func (s *smtpMethods) helo(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("helo", selfv)
	if err != nil {
		return nil, err
	}
	name, err := nameArg("helo", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String("helo"), name}, nil); err != nil {
		return nil, err
	}
	code, msg, err := reply(call(th, self, "getreply", nil, nil))
	if err != nil {
		return nil, err
	}
	self.SetAttr("helo_resp", msg)
	return starlark.Tuple{starlark.MakeInt(code), msg}, nil
}

// featureRE and oldAuthRE read the lines of an EHLO reply.
var (
	featureRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9\-]*) ?`) })
	oldAuthRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?i)^auth=(.*)`) })
)

func (s *smtpMethods) ehlo(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("ehlo", selfv)
	if err != nil {
		return nil, err
	}
	name, err := nameArg("ehlo", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	features := starlark.NewDict(0)
	self.SetAttr("esmtp_features", features)
	if _, err := call(th, self, "putcmd", starlark.Tuple{attr(self, "ehlo_msg", starlark.String("ehlo")), name}, nil); err != nil {
		return nil, err
	}
	code, msg, err := reply(call(th, self, "getreply", nil, nil))
	if err != nil {
		return nil, err
	}
	text := str(msg)
	if code == -1 && text == "" {
		if _, err := call(th, self, "close", nil, nil); err != nil {
			return nil, err
		}
		return nil, smtpRaise(th, smtpServerDisconnected(), starlark.String("Server not connected"))
	}
	self.SetAttr("ehlo_resp", msg)
	if code != 250 {
		return starlark.Tuple{starlark.MakeInt(code), msg}, nil
	}
	self.SetAttr("does_esmtp", starlark.True)
	get := func(k string) string {
		v, found, _ := features.Get(starlark.String(k))
		if !found {
			return ""
		}
		return str(v)
	}
	lines := strings.Split(text, "\n")
	for _, each := range lines[1:] {
		if m := oldAuthRE().FindStringSubmatch(each); m != nil {
			features.SetKey(starlark.String("auth"), starlark.String(get("auth")+" "+m[1]))
			continue
		}
		m := featureRE().FindStringSubmatchIndex(each)
		if m == nil {
			continue
		}
		feature := strings.ToLower(each[m[2]:m[3]])
		params := strings.TrimSpace(each[m[3]:])
		if feature == "auth" {
			params = get(feature) + " " + params
		}
		features.SetKey(starlark.String(feature), starlark.String(params))
	}
	return starlark.Tuple{starlark.MakeInt(code), msg}, nil
}

func (s *smtpMethods) hasExtn(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("has_extn", selfv)
	if err != nil {
		return nil, err
	}
	var opt string
	if err := starlark.UnpackArgs("has_extn", args, kwargs, "opt", &opt); err != nil {
		return nil, err
	}
	features, ok := attr(self, "esmtp_features", starlark.None).(*starlark.Dict)
	if !ok {
		return starlark.False, nil
	}
	_, found, err := features.Get(starlark.String(strings.ToLower(opt)))
	return starlark.Bool(found), err
}

func (s *smtpMethods) help(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("help", selfv)
	if err != nil {
		return nil, err
	}
	var cargs starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("help", args, kwargs, "args?", &cargs); err != nil {
		return nil, err
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String("help"), cargs}, nil); err != nil {
		return nil, err
	}
	_, msg, err := reply(call(th, self, "getreply", nil, nil))
	return msg, err
}

// simple is a method that sends one command with no arguments.
func simple(fn, cmd string, before func(*class.Instance)) class.MethodFunc {
	return func(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		self, err := smtpSelf(fn, selfv)
		if err != nil {
			return nil, err
		}
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
			return nil, err
		}
		if before != nil {
			before(self)
		}
		return call(th, self, "docmd", starlark.Tuple{starlark.String(cmd)}, nil)
	}
}

func (s *smtpMethods) rset(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return simple("rset", "rset", func(self *class.Instance) {
		self.SetAttr("command_encoding", starlark.String("ascii"))
	})(th, selfv, args, kwargs)
}

func (s *smtpMethods) noop(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return simple("noop", "noop", nil)(th, selfv, args, kwargs)
}

// quietRset is _rset: rset, ignoring a connection already gone.
func (s *smtpMethods) quietRset(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("_rset", selfv)
	if err != nil {
		return nil, err
	}
	if _, err := call(th, self, "rset", nil, nil); err != nil && !isInstanceErr(err, smtpServerDisconnected()) {
		return nil, err
	}
	return starlark.None, nil
}

// options is " opt1 opt2" for a MAIL or RCPT command, when the server
// speaks ESMTP.
func options(self *class.Instance, opts starlark.Value) (string, []string, error) {
	if attr(self, "does_esmtp", starlark.False).Truth() != starlark.True {
		return "", nil, nil
	}
	it, ok := opts.(starlark.Iterable)
	if !ok {
		return "", nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(opts))
	}
	var list []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := starlark.AsString(x)
		if !ok {
			return "", nil, pyerr.Errorf("TypeError", "sequence item %d: expected str instance, %s found", len(list), PyType(x))
		}
		list = append(list, s)
	}
	if len(list) == 0 {
		return "", nil, nil
	}
	return " " + strings.Join(list, " "), list, nil
}

func (s *smtpMethods) mail(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("mail", selfv)
	if err != nil {
		return nil, err
	}
	var sender string
	var opts starlark.Value = starlark.Tuple{}
	if err := starlark.UnpackArgs("mail", args, kwargs, "sender", &sender, "options?", &opts); err != nil {
		return nil, err
	}
	optionlist, list, err := options(self, opts)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		if strings.EqualFold(o, "smtputf8") {
			ok, err := call(th, self, "has_extn", starlark.Tuple{starlark.String("smtputf8")}, nil)
			if err != nil {
				return nil, err
			}
			if ok.Truth() != starlark.True {
				return nil, smtpRaise(th, smtpNotSupportedError(), starlark.String("SMTPUTF8 not supported by server"))
			}
			self.SetAttr("command_encoding", starlark.String("utf-8"))
			break
		}
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String("mail"), starlark.String("FROM:" + quoteaddr(sender) + optionlist)}, nil); err != nil {
		return nil, err
	}
	return call(th, self, "getreply", nil, nil)
}

func (s *smtpMethods) rcpt(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("rcpt", selfv)
	if err != nil {
		return nil, err
	}
	var recip string
	var opts starlark.Value = starlark.Tuple{}
	if err := starlark.UnpackArgs("rcpt", args, kwargs, "recip", &recip, "options?", &opts); err != nil {
		return nil, err
	}
	optionlist, _, err := options(self, opts)
	if err != nil {
		return nil, err
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String("rcpt"), starlark.String("TO:" + quoteaddr(recip) + optionlist)}, nil); err != nil {
		return nil, err
	}
	return call(th, self, "getreply", nil, nil)
}

// eolRE and leadingDotRE are _fix_eols's and _quote_periods's patterns.
var (
	eolRE        = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\r\n|\n|\r`) })
	leadingDotRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?m)^\.`) })
)

// fixEols turns every line end (\r\n, \n, a lone \r) into \r\n.
func fixEols(s string) string { return eolRE().ReplaceAllString(s, "\r\n") }

func quotePeriods(s string) string { return leadingDotRE().ReplaceAllString(s, "..") }

// messageText is a message to send: a str has its line ends made
// \r\n; bytes go as they are.
func messageText(fn string, msg starlark.Value) (string, error) {
	switch m := msg.(type) {
	case starlark.String:
		return fixEols(string(m)), nil
	case starlark.Bytes:
		return string(m), nil
	}
	return "", pyerr.Errorf("TypeError", "%s: the message must be str or bytes, not %s", fn, PyType(msg))
}

func (s *smtpMethods) data(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("data", selfv)
	if err != nil {
		return nil, err
	}
	var msg starlark.Value
	if err := starlark.UnpackArgs("data", args, kwargs, "msg", &msg); err != nil {
		return nil, err
	}
	if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String("data")}, nil); err != nil {
		return nil, err
	}
	code, repl, err := reply(call(th, self, "getreply", nil, nil))
	if err != nil {
		return nil, err
	}
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, "data:", fmt.Sprintf("(%d, %s)", code, pyReprBytes(str(repl))))
	}
	if code != 354 {
		return nil, smtpRaise(th, smtpDataError(), starlark.MakeInt(code), repl)
	}
	text, err := messageText("data", msg)
	if err != nil {
		return nil, err
	}
	q := quotePeriods(text)
	if !strings.HasSuffix(q, "\r\n") {
		q += "\r\n"
	}
	q += ".\r\n"
	if _, err := call(th, self, "send", starlark.Tuple{starlark.String(q)}, nil); err != nil {
		return nil, err
	}
	code, repl, err = reply(call(th, self, "getreply", nil, nil))
	if err != nil {
		return nil, err
	}
	if intAttr(self, "debuglevel") > 0 {
		s.debug(self, "data:", fmt.Sprintf("(%d, %s)", code, pyReprBytes(str(repl))))
	}
	return starlark.Tuple{starlark.MakeInt(code), repl}, nil
}

// addressCommand is verify and expn: the command with the address alone.
func addressCommand(fn, cmd string) class.MethodFunc {
	return func(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		self, err := smtpSelf(fn, selfv)
		if err != nil {
			return nil, err
		}
		var address string
		if err := starlark.UnpackArgs(fn, args, kwargs, "address", &address); err != nil {
			return nil, err
		}
		if _, err := call(th, self, "putcmd", starlark.Tuple{starlark.String(cmd), starlark.String(addrOnly(address))}, nil); err != nil {
			return nil, err
		}
		return call(th, self, "getreply", nil, nil)
	}
}

func (s *smtpMethods) verify(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return addressCommand("verify", "vrfy")(th, selfv, args, kwargs)
}

func (s *smtpMethods) expn(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return addressCommand("expn", "expn")(th, selfv, args, kwargs)
}

func (s *smtpMethods) ehloOrHelo(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("ehlo_or_helo_if_needed", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("ehlo_or_helo_if_needed", args, kwargs, 0); err != nil {
		return nil, err
	}
	if attr(self, "helo_resp", starlark.None) != starlark.None || attr(self, "ehlo_resp", starlark.None) != starlark.None {
		return starlark.None, nil
	}
	code, _, err := reply(call(th, self, "ehlo", nil, nil))
	if err != nil {
		return nil, err
	}
	if code >= 200 && code <= 299 {
		return starlark.None, nil
	}
	code, resp, err := reply(call(th, self, "helo", nil, nil))
	if err != nil {
		return nil, err
	}
	if code < 200 || code > 299 {
		return nil, smtpRaise(th, smtpHeloError(), starlark.MakeInt(code), resp)
	}
	return starlark.None, nil
}

func (s *smtpMethods) sendmail(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("sendmail", selfv)
	if err != nil {
		return nil, err
	}
	var from, msg starlark.Value
	var to starlark.Value
	var mailOpts, rcptOpts starlark.Value = starlark.Tuple{}, starlark.Tuple{}
	if err := starlark.UnpackArgs("sendmail", args, kwargs, "from_addr", &from, "to_addrs", &to, "msg", &msg,
		"mail_options?", &mailOpts, "rcpt_options?", &rcptOpts); err != nil {
		return nil, err
	}
	if _, err := call(th, self, "ehlo_or_helo_if_needed", nil, nil); err != nil {
		return nil, err
	}
	text, err := messageText("sendmail", msg)
	if err != nil {
		return nil, err
	}
	var opts []starlark.Value
	if attr(self, "does_esmtp", starlark.False).Truth() == starlark.True {
		size, err := call(th, self, "has_extn", starlark.Tuple{starlark.String("size")}, nil)
		if err != nil {
			return nil, err
		}
		if size.Truth() == starlark.True {
			opts = append(opts, starlark.String(fmt.Sprintf("size=%d", len(text))))
		}
		it, ok := mailOpts.(starlark.Iterable)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(mailOpts))
		}
		iter := it.Iterate()
		var o starlark.Value
		for iter.Next(&o) {
			opts = append(opts, o)
		}
		iter.Done()
	}
	// a refusal ends the transaction: 421 closes the connection, any
	// other code resets it
	abandon := func(code int) error {
		if code == 421 {
			_, err := call(th, self, "close", nil, nil)
			return err
		}
		_, err := call(th, self, "_rset", nil, nil)
		return err
	}
	code, resp, err := reply(call(th, self, "mail", starlark.Tuple{from, starlark.NewList(opts)}, nil))
	if err != nil {
		return nil, err
	}
	if code != 250 {
		if err := abandon(code); err != nil {
			return nil, err
		}
		return nil, smtpRaise(th, smtpSenderRefused(), starlark.MakeInt(code), resp, from)
	}
	var recipients []starlark.Value
	if s, ok := to.(starlark.String); ok {
		recipients = []starlark.Value{s}
	} else if it, ok := to.(starlark.Iterable); ok {
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			recipients = append(recipients, x)
		}
		iter.Done()
	} else {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(to))
	}
	refused := starlark.NewDict(0)
	for _, each := range recipients {
		code, resp, err := reply(call(th, self, "rcpt", starlark.Tuple{each, rcptOpts}, nil))
		if err != nil {
			return nil, err
		}
		if code != 250 && code != 251 {
			refused.SetKey(each, starlark.Tuple{starlark.MakeInt(code), resp})
		}
		if code == 421 {
			if _, err := call(th, self, "close", nil, nil); err != nil {
				return nil, err
			}
			return nil, smtpRaise(th, smtpRecipientsRefused(), refused)
		}
	}
	if refused.Len() == len(recipients) {
		if _, err := call(th, self, "_rset", nil, nil); err != nil {
			return nil, err
		}
		return nil, smtpRaise(th, smtpRecipientsRefused(), refused)
	}
	code, resp, err = reply(call(th, self, "data", starlark.Tuple{starlark.String(text)}, nil))
	if err != nil {
		return nil, err
	}
	if code != 250 {
		if err := abandon(code); err != nil {
			return nil, err
		}
		return nil, smtpRaise(th, smtpDataError(), starlark.MakeInt(code), resp)
	}
	return refused, nil
}

func (s *smtpMethods) close(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("close", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
		return nil, err
	}
	if c := conn(self); c != nil {
		c.conn.Close()
		self.Native = nil
	}
	return starlark.None, nil
}

func (s *smtpMethods) quit(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("quit", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("quit", args, kwargs, 0); err != nil {
		return nil, err
	}
	res, err := call(th, self, "docmd", starlark.Tuple{starlark.String("quit")}, nil)
	if err != nil {
		return nil, err
	}
	self.SetAttr("ehlo_resp", starlark.None)
	self.SetAttr("helo_resp", starlark.None)
	self.SetAttr("esmtp_features", starlark.NewDict(0))
	self.SetAttr("does_esmtp", starlark.False)
	if _, err := call(th, self, "close", nil, nil); err != nil {
		return nil, err
	}
	return res, nil
}

func (s *smtpMethods) enter(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("__enter__", args, kwargs, 0); err != nil {
		return nil, err
	}
	return selfv, nil
}

// exit is __exit__: QUIT (a reply other than 221 is an
// SMTPResponseException; a connection already gone is not an error),
// then close.
func (s *smtpMethods) exit(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("__exit__", selfv)
	if err != nil {
		return nil, err
	}
	code, msg, err := reply(call(th, self, "docmd", starlark.Tuple{starlark.String("QUIT")}, nil))
	if err == nil && code != 221 {
		err = smtpRaise(th, smtpResponseException(), starlark.MakeInt(code), msg)
	}
	if err != nil && isInstanceErr(err, smtpServerDisconnected()) {
		err = nil
	}
	if _, cerr := call(th, self, "close", nil, nil); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// maxChallenges is Python's _MAXCHALLENGE: how many 334 replies one
// AUTH may meet.
const maxChallenges = 5

func (s *smtpMethods) login(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("login", selfv)
	if err != nil {
		return nil, err
	}
	var user, password starlark.Value
	initial := true
	if err := starlark.UnpackArgs("login", args, kwargs, "user", &user, "password", &password, "initial_response_ok?", &initial); err != nil {
		return nil, err
	}
	if _, err := call(th, self, "ehlo_or_helo_if_needed", nil, nil); err != nil {
		return nil, err
	}
	has, err := call(th, self, "has_extn", starlark.Tuple{starlark.String("auth")}, nil)
	if err != nil {
		return nil, err
	}
	if has.Truth() != starlark.True {
		return nil, smtpRaise(th, smtpNotSupportedError(), starlark.String("SMTP AUTH extension not supported by server."))
	}
	features := attr(self, "esmtp_features", starlark.None).(*starlark.Dict)
	advertised, _, _ := features.Get(starlark.String("auth"))
	offered := strings.Fields(str(advertised))
	var methods []string
	for _, m := range []string{"CRAM-MD5", "PLAIN", "LOGIN"} {
		for _, o := range offered {
			if o == m {
				methods = append(methods, m)
				break
			}
		}
	}
	if len(methods) == 0 {
		return nil, smtpRaise(th, smtpException(), starlark.String("No suitable authentication method found."))
	}
	self.SetAttr("user", user)
	self.SetAttr("password", password)
	var last error
	for _, m := range methods {
		object, err := GetAttr(self, "auth_"+strings.ReplaceAll(strings.ToLower(m), "-", "_"))
		if err != nil {
			return nil, err
		}
		code, resp, err := reply(call(th, self, "auth", starlark.Tuple{starlark.String(m), object},
			[]starlark.Tuple{{starlark.String("initial_response_ok"), starlark.Bool(initial)}}))
		if err != nil {
			if isInstanceErr(err, smtpAuthError()) {
				last = err
				continue
			}
			return nil, err
		}
		if code == 235 || code == 503 {
			return starlark.Tuple{starlark.MakeInt(code), resp}, nil
		}
	}
	return nil, last
}

func (s *smtpMethods) auth(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, err := smtpSelf("auth", selfv)
	if err != nil {
		return nil, err
	}
	var mechanism string
	var object starlark.Value
	initial := true
	if err := starlark.UnpackArgs("auth", args, kwargs, "mechanism", &mechanism, "authobject", &object, "initial_response_ok?", &initial); err != nil {
		return nil, err
	}
	mechanism = strings.ToUpper(mechanism)
	b64 := func(v starlark.Value) (string, error) {
		s, ok := starlark.AsString(v)
		if !ok {
			return "", pyerr.Errorf("AttributeError", "'%s' object has no attribute 'encode'", PyType(v))
		}
		return base64.StdEncoding.EncodeToString([]byte(s)), nil
	}
	count := 0
	var res starlark.Value
	if initial {
		if res, err = starlark.Call(th, object, nil, nil); err != nil {
			return nil, err
		}
	}
	var code int
	var resp starlark.Value
	if initial && res != starlark.None {
		r, err := b64(res)
		if err != nil {
			return nil, err
		}
		code, resp, err = reply(call(th, self, "docmd", starlark.Tuple{starlark.String("AUTH"), starlark.String(mechanism + " " + r)}, nil))
		if err != nil {
			return nil, err
		}
		count = 1
	} else if code, resp, err = reply(call(th, self, "docmd", starlark.Tuple{starlark.String("AUTH"), starlark.String(mechanism)}, nil)); err != nil {
		return nil, err
	}
	self.SetAttr("_auth_challenge_count", starlark.MakeInt(count))
	for code == 334 {
		count++
		self.SetAttr("_auth_challenge_count", starlark.MakeInt(count))
		challenge, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, str(resp)))
		if err != nil {
			return nil, pyerr.Errorf("binascii.Error", "Incorrect padding")
		}
		answer, err := starlark.Call(th, object, starlark.Tuple{starlark.String(challenge)}, nil)
		if err != nil {
			return nil, err
		}
		r, err := b64(answer)
		if err != nil {
			return nil, err
		}
		if code, resp, err = reply(call(th, self, "docmd", starlark.Tuple{starlark.String(r)}, nil)); err != nil {
			return nil, err
		}
		if count > maxChallenges {
			return nil, smtpRaise(th, smtpException(), starlark.String(fmt.Sprintf("Server AUTH mechanism infinite loop. Last response: (%d, %s)", code, pyReprBytes(str(resp)))))
		}
	}
	if code == 235 || code == 503 {
		return starlark.Tuple{starlark.MakeInt(code), resp}, nil
	}
	return nil, smtpRaise(th, smtpAuthError(), starlark.MakeInt(code), resp)
}

// challengeArg reads the optional challenge of the auth_* methods.
func challengeArg(fn string, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*class.Instance, starlark.Value, error) {
	self, err := smtpSelf(fn, selfv)
	if err != nil {
		return nil, nil, err
	}
	var challenge starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, "challenge?", &challenge); err != nil {
		return nil, nil, err
	}
	return self, challenge, nil
}

func (s *smtpMethods) authCramMD5(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, challenge, err := challengeArg("auth_cram_md5", selfv, args, kwargs)
	if err != nil || challenge == starlark.None {
		return starlark.None, err
	}
	mac := hmac.New(md5.New, []byte(strAttr(self, "password")))
	mac.Write([]byte(str(challenge)))
	return starlark.String(strAttr(self, "user") + " " + hex.EncodeToString(mac.Sum(nil))), nil
}

func (s *smtpMethods) authPlain(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, _, err := challengeArg("auth_plain", selfv, args, kwargs)
	if err != nil {
		return nil, err
	}
	return starlark.String("\x00" + strAttr(self, "user") + "\x00" + strAttr(self, "password")), nil
}

func (s *smtpMethods) authLogin(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, challenge, err := challengeArg("auth_login", selfv, args, kwargs)
	if err != nil {
		return nil, err
	}
	if challenge == starlark.None || intAttr(self, "_auth_challenge_count") < 2 {
		return attr(self, "user", starlark.None), nil
	}
	return attr(self, "password", starlark.None), nil
}

// parseAddr is the address of "addr", "<addr>" or "Name <addr>", and
// whether there is one (email.utils.parseaddr's (”, ”) otherwise).
func parseAddr(s string) (string, bool) {
	t := strings.TrimSpace(s)
	if i := strings.LastIndexByte(t, '<'); i >= 0 {
		if j := strings.IndexByte(t[i:], '>'); j >= 0 {
			a := strings.TrimSpace(t[i+1 : i+j])
			return a, a != "" || strings.TrimSpace(t[:i]) != ""
		}
	}
	if t == "" || strings.ContainsAny(t, "<>") {
		return "", false
	}
	return t, true
}

// quoteaddr is smtplib.quoteaddr: the address in angle brackets.
func quoteaddr(s string) string {
	a, ok := parseAddr(s)
	if !ok {
		if strings.HasPrefix(strings.TrimSpace(s), "<") {
			return s
		}
		return "<" + s + ">"
	}
	return "<" + a + ">"
}

// addrOnly is smtplib._addr_only: the address alone.
func addrOnly(s string) string {
	if a, ok := parseAddr(s); ok {
		return a
	}
	return s
}

func quoteaddrBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackArgs("quoteaddr", args, kwargs, "addrstring", &s); err != nil {
		return nil, err
	}
	return starlark.String(quoteaddr(s)), nil
}

func quotedataBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackArgs("quotedata", args, kwargs, "data", &s); err != nil {
		return nil, err
	}
	return starlark.String(quotePeriods(fixEols(s))), nil
}
