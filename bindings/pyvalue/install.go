package pyvalue

import (
	"sync"

	"go.starlark.net/starlark"
)

var once sync.Once

// Install makes every interpreter of the process show values, word
// go.starlark.net's errors and run str's case methods as Python does. It
// sets go.starlark.net's process-wide hooks, once, and must run before
// any script does.
func Install() {
	once.Do(func() {
		starlark.ReprHook = reprHook
		starlark.ErrorHook = Reword
		starlark.FormatHook = format
		for name, f := range strMethods {
			setStrMethod(strMethod(name, f))
		}
		for name, f := range caseMethods {
			setStrMethod(caseMethod(name, f))
		}
	})
}

// setStrMethod installs m as the method of str of its name.
func setStrMethod(m *starlark.Builtin) {
	if err := starlark.SetTypeMethod("string", m.Name(), m); err != nil {
		panic(err) // "string" has methods: a programming error
	}
}
