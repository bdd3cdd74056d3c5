package modules

import "go.starlark.net/starlark"

// Library is the standard-library modules of one interpreter, each made
// on first look: string, stat, collections, heapq, bisect, random, glob,
// fnmatch, tempfile.
func Library() starlark.StringDict {
	return starlark.StringDict{
		"string":      NewString(),
		"stat":        NewStat(),
		"collections": NewCollections(),
		"heapq":       NewHeapq(),
		"bisect":      NewBisect(),
		"random":      NewRandom(),
		"glob":        NewGlob(),
		"fnmatch":     NewFnmatch(),
		"tempfile":    NewTempfile(),
	}
}
