// gotls is the TLS floor of scripts/bench: crypto/tls in a plain Go
// server, a goroutine per connection, echoing every read in lower case,
// as the TLS echo servers under test do.
//
//	gotls CERTFILE KEYFILE
package main

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"os"
)

func main() {
	pair, err := tls.LoadX509KeyPair(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotls:", err)
		os.Exit(1)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotls:", err)
		os.Exit(1)
	}
	fmt.Printf("Go TLS echo server listening on %s\n", l.Addr())
	for {
		c, err := l.Accept()
		if err != nil {
			continue
		}
		go func() {
			defer c.Close()
			buf := make([]byte, 1024) // the handlers' unit
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, err := c.Write(bytes.ToLower(buf[:n])); err != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
}
