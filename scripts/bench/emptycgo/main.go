// Command emptycgo does nothing, linked with cgo as pyasync is (its
// translator's parser is C): the start-up benchmark's second floor, what
// the machine charges a Go program that loads the C library and starts
// the runtime's cgo support.
package main

// static int nothing(void) { return 0; }
import "C"

func main() { C.nothing() }
