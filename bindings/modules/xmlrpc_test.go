package modules

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/exceptions"
)

// TestXMLRPCMatchesCPython runs testdata/xmlrpc.json (gen_xmlrpc.py):
// dumps and loads of each XML-RPC type, faults, Binary, DateTime and the
// errors, as CPython 3.11's xmlrpc.client.
func TestXMLRPCMatchesCPython(t *testing.T) {
	runCases(t, "testdata/xmlrpc.json", NewXMLRPCClient())
}

// TestXMLRPCDumpsBinaryAndDateTime: a DateTime and a Binary (its base64
// in lines of 76 characters) are marshalled as CPython 3.11 writes them.
func TestXMLRPCDumpsBinaryAndDateTime(t *testing.T) {
	mod := NewXMLRPCClient()
	th := &starlark.Thread{}
	get := func(name string) starlark.Value { v, _ := mod.Attr(name); return v }
	dt, err := starlark.Call(th, get("DateTime"), starlark.Tuple{starlark.String("20200102T03:04:05")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := starlark.Call(th, get("Binary"), starlark.Tuple{starlark.Bytes(strings.Repeat("\x00ab", 40))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := starlark.Call(th, get("dumps"), starlark.Tuple{starlark.Tuple{dt, bin}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "<params>\n<param>\n<value><dateTime.iso8601>20200102T03:04:05</dateTime.iso8601></value>\n</param>\n<param>\n<value><base64>\n" +
		strings.Repeat("AGFi", 19) + "\n" + strings.Repeat("AGFi", 19) + "\nAGFiAGFi\n</base64></value>\n</param>\n</params>\n"
	if string(got.(starlark.String)) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestServerProxyCallsTheServer: a method call posts the call's XML to
// the proxy's path and gives the one result back; a fault is raised as
// Fault, an HTTP status other than 200 as ProtocolError; dotted names
// reach dotted methods.
func TestServerProxyCallsTheServer(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type")+" "+string(body))
		switch {
		case r.URL.Path != "/RPC2":
			http.Error(w, "nope", http.StatusNotFound)
		case strings.Contains(string(body), "<methodName>fail</methodName>"):
			io.WriteString(w, "<?xml version='1.0'?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>7</int></value></member><member><name>faultString</name><value><string>no</string></value></member></struct></value></fault></methodResponse>")
		default:
			io.WriteString(w, "<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>ok</name><value><boolean>1</boolean></value></member></struct></value></param></params></methodResponse>")
		}
	}))
	defer srv.Close()
	env := starlark.StringDict{"xmlrpc": NewXMLRPC(), "url": starlark.String(srv.URL)}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	src := `
p = xmlrpc.client.ServerProxy(url)
r1 = p.system.listMethods(1, "a")
e1, _ = catch(p.fail)
e2, _ = catch(xmlrpc.client.ServerProxy(url + "/missing").x)
result = (r1, e1.faultCode, e1.faultString, e2.errcode, e2.errmsg)
`
	th := &starlark.Thread{}
	globals, err := starlark.ExecFileOptions(&syntax.FileOptions{GlobalReassign: true}, th, "p.star", src, env)
	if err != nil {
		t.Fatal(err)
	}
	if want := `({"ok": True}, 7, "no", 404, "Not Found")`; globals["result"].String() != want {
		t.Errorf("got %s, want %s", globals["result"], want)
	}
	want := "POST /RPC2 text/xml <?xml version='1.0'?>\n<methodCall>\n<methodName>system.listMethods</methodName>\n<params>\n" +
		"<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><string>a</string></value>\n</param>\n</params>\n</methodCall>\n"
	if len(got) != 3 || got[0] != want {
		t.Errorf("the server got %q, want first %q", got, want)
	}
}

// TestServerProxySendsCPythonsHead: a call goes out with the request
// head CPython 3.11's Transport writes (the same fields, in its order),
// and a reply the server gzipped is inflated before it is read.
func TestServerProxySendsCPythonsHead(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	head := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			head <- err.Error()
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		var lines []string
		for {
			line, err := r.ReadString('\n')
			if err != nil || line == "\r\n" {
				break
			}
			lines = append(lines, line)
		}
		head <- strings.Join(lines, "")
		var body bytes.Buffer
		zw := gzip.NewWriter(&body)
		io.WriteString(zw, "<?xml version='1.0'?><methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>")
		zw.Close()
		fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n", body.Len())
		c.Write(body.Bytes())
	}()
	addr := ln.Addr().String()
	env := starlark.StringDict{"xmlrpc": NewXMLRPC(), "url": starlark.String("http://" + addr)}
	globals, err := starlark.ExecFile(&starlark.Thread{}, "p.star", `result = xmlrpc.client.ServerProxy(url).f(1)`, env)
	if err != nil {
		t.Fatal(err)
	}
	if globals["result"] != starlark.MakeInt(5) {
		t.Errorf("got %v, want 5", globals["result"])
	}
	// as CPython 3.11 sends it (python3 -c "xmlrpc.client.ServerProxy(url).f(1)")
	want := "POST /RPC2 HTTP/1.1\r\nHost: " + addr + "\r\nAccept-Encoding: gzip\r\nContent-Type: text/xml\r\n" +
		"User-Agent: Python-xmlrpc/3.11\r\nContent-Length: 140\r\n"
	if got := <-head; got != want {
		t.Errorf("request head:\n%q\nwant\n%q", got, want)
	}
}
