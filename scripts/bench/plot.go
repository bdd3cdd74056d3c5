package main

import (
	"fmt"
	"math"
	"strings"
)

// plotSVG draws round trips/s against connections, one line per server,
// connections on a log scale: a hand-written SVG, no dependency.
func plotSVG(conns []int, names []string, rps map[string][]*figure) string {
	const w, h, left, right, top, bottom = 720, 420, 80, 170, 40, 60
	pw, ph := float64(w-left-right), float64(h-top-bottom)
	ymax := 0.0
	for _, n := range names {
		for _, f := range rps[n] {
			if f.ok() {
				ymax = math.Max(ymax, f.median())
			}
		}
	}
	step := niceStep(ymax / 5)
	ymax = math.Ceil(ymax/step) * step
	if ymax == 0 {
		ymax = 1
	}
	lo, hi := math.Log10(float64(conns[0])), math.Log10(float64(conns[len(conns)-1]))
	x := func(c int) float64 { return float64(left) + (math.Log10(float64(c))-lo)/(hi-lo)*pw }
	y := func(v float64) float64 { return float64(top) + ph - v/ymax*ph }
	colors := []string{"#d62728", "#1f77b4", "#2ca02c", "#7f7f7f", "#9467bd"}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="15" text-anchor="middle">64-byte echo round trips/s against connections</text>`+"\n", left+int(pw)/2)
	for v := 0.0; v <= ymax+step/2; v += step {
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(v), float64(left)+pw, y(v))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y(v)+4, thousands(v))
	}
	for _, c := range conns {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", x(c), top, x(c), float64(top)+ph)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%d</text>`+"\n", x(c), float64(top)+ph+18, c)
	}
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">connections (log scale)</text>`+"\n", left+int(pw)/2, h-14)
	fmt.Fprintf(&b, `<text transform="translate(18,%d) rotate(-90)" text-anchor="middle">round trips/s (median)</text>`+"\n", top+int(ph)/2)
	for i, n := range names {
		color := colors[i%len(colors)]
		var pts []string
		for j, f := range rps[n] {
			if f.ok() {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(conns[j]), y(f.median())))
			}
		}
		fmt.Fprintf(&b, `<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`+"\n", color, strings.Join(pts, " "))
		for _, pt := range pts {
			xy := strings.Split(pt, ",")
			fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3" fill="%s"/>`+"\n", xy[0], xy[1], color)
		}
		ly := top + 10 + 20*i
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"/>`+"\n", w-right+15, ly, w-right+40, ly, color)
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", w-right+46, ly+4, n)
	}
	b.WriteString("</svg>\n")
	return b.String()
}

// niceStep rounds a grid step up to 1, 2 or 5 times a power of ten.
func niceStep(s float64) float64 {
	if s <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(s)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= s {
			return m * p
		}
	}
	return 10 * p
}

func thousands(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%gk", v/1000)
	}
	return fmt.Sprintf("%g", v)
}
