package main

import (
	"fmt"
	"sort"
)

// figure is one measurement repeated: its values, or why it failed.
type figure struct {
	xs  []float64
	err string
}

// join adds g's values to f (nil: none yet); a failure in either is kept.
func (f *figure) join(g *figure) *figure {
	if f == nil {
		f = &figure{}
	}
	f.xs = append(f.xs, g.xs...)
	if f.err == "" {
		f.err = g.err
	}
	return f
}

func (f *figure) ok() bool { return f != nil && f.err == "" && len(f.xs) > 0 }

func (f *figure) median() float64 {
	s := append([]float64(nil), f.xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// cell is "median (min-max)" with the given format, or the failure.
func (f *figure) cell(format string) string {
	if f == nil {
		return ""
	}
	if !f.ok() {
		return f.err
	}
	s := append([]float64(nil), f.xs...)
	sort.Float64s(s)
	return fmt.Sprintf(format+" ("+format+"-"+format+")", f.median(), s[0], s[len(s)-1])
}

// ratio is a/b of two medians as "1.23x", or "" when either is missing.
func ratio(a, b *figure) string {
	if !a.ok() || !b.ok() || b.median() == 0 {
		return ""
	}
	return fmt.Sprintf("%.2fx", a.median()/b.median())
}

// pairedRatio is the median over runs of a's value over b's in the same
// run, for figures measured in the same runs, one value each (the
// servers of a run are measured one after the other, so that the
// machine's drift between runs falls on both sides of each ratio); the
// ratio of the medians for any others. ok is false when either is
// missing.
func pairedRatio(a, b *figure) (r float64, ok bool) {
	if !a.ok() || !b.ok() || b.median() == 0 {
		return 0, false
	}
	if len(a.xs) != len(b.xs) {
		return a.median() / b.median(), true
	}
	rs := &figure{}
	for i := range a.xs {
		if b.xs[i] == 0 {
			return a.median() / b.median(), true
		}
		rs.xs = append(rs.xs, a.xs[i]/b.xs[i])
	}
	return rs.median(), true
}

// runRatio is pairedRatio as "1.23x", or "".
func runRatio(a, b *figure) string {
	r, ok := pairedRatio(a, b)
	if !ok {
		return ""
	}
	return fmt.Sprintf("%.2fx", r)
}
