package port

// programFacts is what the translator learns from the whole program
// before writing it: facts a statement's translation needs about code
// elsewhere.
type programFacts struct {
	mutated map[string]bool // lists changed in place, by the last part of their name (loops.go)
}

// analyseProgram reads the whole program once before the translation.
func (t *translator) analyseProgram(root *node) {
	t.program = &programFacts{mutated: map[string]bool{}}
	root.find(false, func(n *node) bool {
		if n.kind == "identifier" {
			t.names[t.text(n)] = true
		}
		t.noteMutations(n)
		return false
	})
}
