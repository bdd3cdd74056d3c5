package port

// programFacts is what the translator learns from the whole program
// before writing it: facts a statement's translation needs about code
// elsewhere.
type programFacts struct {
	mutated  map[string]bool // lists changed in place, by the last part of their name (loops.go)
	assigned map[string]bool // names the program binds other than by import
	formats  map[string]bool // variables and attributes (last part) assigned a format that needs sprintf
}

// analyseProgram reads the whole program once before the translation.
func (t *translator) analyseProgram(root *node) {
	t.program = &programFacts{mutated: map[string]bool{}, assigned: map[string]bool{}, formats: map[string]bool{}}
	root.find(false, func(n *node) bool {
		if n.kind == "identifier" {
			t.names[t.text(n)] = true
		}
		switch n.kind {
		case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
			for _, id := range identifiers(n.get("left")) {
				t.program.assigned[t.text(id)] = true
			}
		case "function_definition", "class_definition":
			t.program.assigned[t.text(n.get("name"))] = true
			if n.kind == "function_definition" {
				for _, p := range t.params(n) {
					t.program.assigned[p] = true
				}
			}
		}
		t.noteMutations(n)
		t.noteFormat(n)
		return false
	})
}
