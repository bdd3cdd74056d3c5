// Command empty does nothing: the start-up benchmark's floor, what the
// machine charges any Go program to start and exit.
package main

func main() {}
