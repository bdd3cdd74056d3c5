package port

// A program's modules may import each other, as Python allows. The
// translation works the same either way (import_module reads a module's
// globals when they are used); pyasync port names each cycle, since a
// module of one sees only the names the others have assigned so far.

// cycles are the import cycles among the modules' top levels: Tarjan's
// strongly connected components of two modules or more, or of one that
// imports itself.
func (tr *tree) cycles() [][]string {
	index := map[string]int{}
	low := map[string]int{}
	on := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		on[v] = true
		for _, w := range tr.found[v].imports {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if on[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			on[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		self := len(comp) == 1 && contains(tr.found[v].imports, v)
		if len(comp) > 1 || self {
			out = append(out, tr.cycleOf(v, comp))
		}
	}
	var names []string
	for _, m := range tr.order {
		if m.name != "__main__" {
			names = append(names, m.name)
		}
	}
	tr.found["__main__"] = tr.order[0]
	defer delete(tr.found, "__main__")
	for _, n := range append([]string{"__main__"}, names...) {
		if _, seen := index[n]; !seen {
			visit(n)
		}
	}
	return out
}

// cycleOf orders a strongly connected component as a path of imports
// from start (the first of its modules the program imports) back to it.
func (tr *tree) cycleOf(start string, comp []string) []string {
	in := map[string]bool{}
	for _, c := range comp {
		in[c] = true
	}
	// breadth-first from start back to start, inside the component
	prev := map[string]string{}
	queue := []string{start}
	seen := map[string]bool{}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range tr.found[v].imports {
			if !in[w] {
				continue
			}
			if w == start {
				path := []string{start}
				for u := v; u != start; u = prev[u] {
					path = append([]string{u}, path...)
				}
				return append([]string{start}, path...)
			}
			if !seen[w] {
				seen[w] = true
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return append(comp, comp[0])
}
