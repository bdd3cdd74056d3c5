package starlark

// This file defines the bytecode interpreter.

import (
	"fmt"
	"os"
	"slices"
	"unsafe"

	"go.starlark.net/internal/compile"
	"go.starlark.net/internal/spell"
	"go.starlark.net/syntax"
)

const vmdebug = false // TODO(adonovan): use a bitfield of specific kinds of error.

// TODO(adonovan):
// - optimize position table.
// - opt: record MaxIterStack during compilation and preallocate the stack.

func (fn *Function) CallInternal(thread *Thread, args Tuple, kwargs []Tuple) (Value, error) {
	// Postcondition: args is not mutated. This is stricter than required by Callable,
	// but allows CALL to avoid a copy.

	f := fn.funcode
	if f.Prog.Recursion {
		// prevent stack overflow
		//
		// Each CallInternal recursion (via Call) uses ~1.4KB,
		// but the stack limit is on the order of 1GB, so a
		// maximum of about 700K recursive calls is possible.
		// Limit it to much less here.
		if len(thread.stack) > 100_000 {
			return nil, fmt.Errorf("Starlark stack overflow")
		}
	} else {
		// detect recursion
		for _, fr := range thread.stack[:len(thread.stack)-1] {
			// We look for the same function code,
			// not function value, otherwise the user could
			// defeat the check by writing the Y combinator.
			if frfn, ok := fr.Callable().(*Function); ok && frfn.funcode == f {
				return nil, fmt.Errorf("function %s called recursively", fn.Name())
			}
		}
	}

	fr := thread.frameAt(0)

	// Allocate space for stack and locals.
	// Logically these do not escape from this frame
	// (See https://github.com/golang/go/issues/20533.)
	//
	// This heap allocation looks expensive, but I was unable to get
	// more than 1% real time improvement in a large alloc-heavy
	// benchmark (in which this alloc was 8% of alloc-bytes)
	// by allocating space for 8 Values in each frame, or
	// by allocating stack by slicing an array held by the Thread
	// that is expanded in chunks of min(k, nspace), for k=256 or 1024.
	//
	// (pyasync patch) The space is the frame's own, kept for the
	// next function called at this depth of the stack, cleared when
	// this call ends.
	nlocals := len(f.Locals)
	nspace := nlocals + f.MaxStack
	space := fr.space
	if cap(space) >= nspace {
		space = space[:nspace]
	} else {
		space = make([]Value, nspace)
		if nspace <= maxKeptSpace {
			fr.space = space
		}
	}
	locals := space[:nlocals:nlocals] // local variables, starting with parameters
	stack := space[nlocals:]          // operand stack

	// Digest arguments and set parameters.
	//
	// (pyasync patch) A call with as many positional arguments as the
	// function has parameters, none of them *args, **kwargs or
	// keyword-only, sets them without setArgs.
	var err error
	if len(kwargs) == 0 && len(args) == f.NumParams && f.NumKwonlyParams == 0 && !f.HasVarargs && !f.HasKwargs {
		for i, x := range args {
			locals[i] = x
		}
	} else if err = setArgs(locals, fn, args, kwargs); err != nil {
		clear(space)
		return nil, thread.evalError(err)
	}

	fr.locals = locals

	if vmdebug {
		fmt.Printf("Entering %s @ %s\n", f.Name, f.Position(0))
		fmt.Printf("%d stack, %d locals\n", len(stack), len(locals))
		defer fmt.Println("Leaving ", f.Name)
	}

	// Spill indicated locals to cells.
	// Each cell is a separate alloc to avoid spurious liveness.
	for _, index := range f.Cells {
		locals[index] = &cell{locals[index]}
	}

	// TODO(adonovan): add static check that beneath this point
	// - there is exactly one return statement
	// - there is no redefinition of 'err'.

	// stack of active iterators (pyasync patch: the frame's, kept, from
	// the first loop on)
	var iterstack []Iterator

	// (pyasync patch) Nothing is deferred: if an application panic
	// passes through the interpreter, the Call it passes through
	// cleans up this frame as this function does when it returns
	// (see unwind.go).

	sp := 0
	var pc uint32
	var result Value
	// The decoded code, read without bounds checks: every address
	// the loop reaches has an instruction (see compile.Insns).
	code := unsafe.Pointer(unsafe.SliceData(f.Insns()))
loop:
	for {
		// One test per step for the step limit, a cancellation and
		// a failure (pyasync patch: see slowStep).
		thread.Steps++
		if thread.Steps >= thread.stepLimit.Load() {
			if err = thread.slowStep(); err != nil {
				break loop
			}
		}

		fr.pc = pc

		insn := insnAt(code, pc) // decoded (pyasync patch)
		op, arg := insn.Op, insn.Arg
		pc = insn.Next
		if vmdebug {
			fmt.Fprintln(os.Stderr, stack[:sp]) // very verbose!
			compile.PrintOp(f, fr.pc, op, arg)
		}

		switch op {
		case compile.NOP:
			// nop

		case compile.DUP:
			stack[sp] = stack[sp-1]
			sp++

		case compile.DUP2:
			stack[sp] = stack[sp-2]
			stack[sp+1] = stack[sp-1]
			sp += 2

		case compile.POP:
			sp--

		case compile.EXCH:
			stack[sp-2], stack[sp-1] = stack[sp-1], stack[sp-2]

		case compile.EQL, compile.NEQ, compile.GT, compile.LT, compile.LE, compile.GE:
			op := syntax.Token(op-compile.EQL) + syntax.EQL
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			ok, small := compareFast(op, x, y)
			if !small {
				var err2 error
				ok, err2 = Compare(op, x, y)
				if err2 != nil {
					err = err2
					break loop
				}
			}
			stack[sp] = Bool(ok)
			sp++

		case compile.PLUS,
			compile.MINUS,
			compile.STAR,
			compile.SLASH,
			compile.SLASHSLASH,
			compile.PERCENT,
			compile.AMP,
			compile.PIPE,
			compile.CIRCUMFLEX,
			compile.LTLT,
			compile.GTGT,
			compile.IN:
			binop := syntax.Token(op-compile.PLUS) + syntax.PLUS
			if op == compile.IN {
				binop = syntax.IN // IN token is out of order
			}
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			z, small := Value(nil), false
			if binop == syntax.PLUS {
				z, small = addSmallInts(x, y)
			}
			if !small {
				var err2 error
				z, err2 = Binary(binop, x, y)
				if err2 != nil {
					err = err2
					break loop
				}
			}
			stack[sp] = z
			sp++

		case compile.UPLUS, compile.UMINUS, compile.TILDE:
			var unop syntax.Token
			if op == compile.TILDE {
				unop = syntax.TILDE
			} else {
				unop = syntax.Token(op-compile.UPLUS) + syntax.PLUS
			}
			x := stack[sp-1]
			y, err2 := Unary(unop, x)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = y

		case compile.INPLACE_ADD:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2

			// It's possible that y is not Iterable but
			// nonetheless defines x+y, in which case we
			// should fall back to the general case.
			var z Value
			if xlist, ok := x.(*List); ok {
				if yiter, ok := y.(Iterable); ok {
					if err = xlist.checkMutable("apply += to"); err != nil {
						break loop
					}
					listExtend(xlist, yiter)
					z = xlist
				}
			}
			if z == nil && !isNumberOrString(x) {
				if xu, ok := x.(InplaceUpdater); ok {
					if z, err = xu.InplaceBinary(syntax.PLUS, y); err != nil {
						break loop
					}
				}
			}
			if z == nil {
				z, err = Binary(syntax.PLUS, x, y)
				if err != nil {
					break loop
				}
			}

			stack[sp] = z
			sp++

		case compile.INPLACE_PIPE:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2

			// It's possible that y is not Dict but
			// nonetheless defines x|y, in which case we
			// should fall back to the general case.
			var z Value
			if xdict, ok := x.(*Dict); ok {
				if ydict, ok := y.(*Dict); ok {
					if err = xdict.ht.checkMutable("apply |= to"); err != nil {
						break loop
					}
					xdict.ht.addAll(&ydict.ht) // can't fail
					z = xdict
				}
			}
			if z == nil {
				if xu, ok := x.(InplaceUpdater); ok {
					if z, err = xu.InplaceBinary(syntax.PIPE, y); err != nil {
						break loop
					}
				}
			}
			if z == nil {
				z, err = Binary(syntax.PIPE, x, y)
				if err != nil {
					break loop
				}
			}

			stack[sp] = z
			sp++

		case compile.NONE:
			stack[sp] = None
			sp++

		case compile.TRUE:
			stack[sp] = True
			sp++

		case compile.FALSE:
			stack[sp] = False
			sp++

		case compile.MANDATORY:
			stack[sp] = mandatory{}
			sp++

		case compile.JMP:
			pc = arg

		case compile.CALL, compile.CALL_VAR, compile.CALL_KW, compile.CALL_VAR_KW:
			var kwargs Value
			if op == compile.CALL_KW || op == compile.CALL_VAR_KW {
				kwargs = stack[sp-1]
				sp--
			}

			var args Value
			if op == compile.CALL_VAR || op == compile.CALL_VAR_KW {
				args = stack[sp-1]
				sp--
			}

			// named args (pairs)
			nkvpairs := int(arg & 0xff)
			sp -= 2 * nkvpairs
			var kvpairs []Tuple
			if nkvpairs > 0 {
				kvpairs = namedArgs(stack[sp : sp+2*nkvpairs])
			}
			if kwargs != nil {
				// Add key/value items from **kwargs dictionary.
				dict, ok := kwargs.(IterableMapping)
				if !ok {
					err = fmt.Errorf("argument after ** must be a mapping, not %s", kwargs.Type())
					break loop
				}
				items := dict.Items()
				for _, item := range items {
					if !is[String](item[0]) {
						err = fmt.Errorf("keywords must be strings, not %s", item[0].Type())
						break loop
					}
				}
				if len(kvpairs) == 0 {
					kvpairs = items
				} else {
					kvpairs = append(kvpairs, items...)
				}
			}

			// positional args
			var positional Tuple
			if npos := int(arg >> 8); npos > 0 {
				positional = stack[sp-npos : sp]
				sp -= npos

				// Copy positional arguments into a new array,
				// unless the callee is another Starlark function,
				// in which case it can be trusted not to mutate them.
				if args != nil || !takesArgsInPlace(stack[sp-1]) {
					positional = slices.Clone(positional)
				}
			}
			if args != nil {
				// Add elements from *args sequence.
				iter := Iterate(args)
				if iter == nil {
					err = fmt.Errorf("argument after * must be iterable, not %s", args.Type())
					break loop
				}
				var elem Value
				for iter.Next(&elem) {
					positional = append(positional, elem)
				}
				iter.Done()
			}

			function := stack[sp-1]

			if vmdebug {
				fmt.Printf("VM call %s args=%s kwargs=%s @%s\n",
					function, positional, kvpairs, f.Position(fr.pc))
			}

			thread.endProfSpan()
			z, err2 := call(thread, function, positional, kvpairs)
			thread.beginProfSpan()
			if err2 != nil {
				err = err2
				break loop
			}
			if vmdebug {
				fmt.Printf("Resuming %s @ %s\n", f.Name, f.Position(0))
			}
			stack[sp-1] = z

		case compile.LOCAL_METHOD:
			// LOCAL then METHOD, whose case does its part: the
			// instruction has the METHOD's operand and Aux.
			x := locals[insn.Arg3]
			if x == nil {
				err = unassigned(f, uint32(insn.Arg3))
				break loop
			}
			fr.pc = insn.Arg2 // the METHOD's
			stack[sp] = x
			sp++
			fallthrough

		case compile.METHOD:
			x := stack[sp-1]
			ms := insn.Aux.(*methodSet)
			m := ms.of(x)
			if m == nil {
				m = builtinAt(x, ms) // a Go method as a built-in's (pyasync patch)
			}
			if m != nil {
				stack[sp-1] = m
				stack[sp] = x
			} else if m := methodOfAt(x, f, insn); m != nil {
				stack[sp-1] = m
				stack[sp] = x
			} else {
				y, err2 := getAttrAt(x, f, insn)
				if err2 != nil {
					err = err2
					break loop
				}
				stack[sp-1] = y
				stack[sp] = nil
			}
			sp++

		case compile.LOCAL_CALL_METHOD, compile.CONSTANT_CALL_METHOD:
			// LOCAL or CONSTANT then CALL_METHOD, whose case does its
			// part: the instruction has the CALL_METHOD's operand.
			var x Value
			if op == compile.LOCAL_CALL_METHOD {
				if x = locals[insn.Arg3]; x == nil {
					err = unassigned(f, uint32(insn.Arg3))
					break loop
				}
			} else {
				x = fn.module.constants[insn.Arg3]
			}
			fr.pc = insn.Arg2 // the CALL_METHOD's
			stack[sp] = x
			sp++
			fallthrough

		case compile.CALL_METHOD:
			nkvpairs := int(arg & 0xff)
			sp -= 2 * nkvpairs
			var kvpairs []Tuple
			if nkvpairs > 0 {
				kvpairs = namedArgs(stack[sp : sp+2*nkvpairs])
			}
			// The function, the receiver (or nil), then the
			// positional arguments, each slice of them made only
			// where it is used.
			npos := int(arg >> 8)
			sp -= npos + 1
			function, recv := stack[sp-1], stack[sp]
			var positional Tuple
			if recv == nil {
				if npos > 0 {
					positional = stack[sp+1 : sp+1+npos]
					if !takesArgsInPlace(function) {
						positional = slices.Clone(positional)
					}
				}
			} else if m, ok := function.(*Builtin); ok {
				// A method of a built-in type, bound for the call
				// in this frame's scratch Builtin. Its arguments
				// are not copied: such methods do not keep them.
				if npos > 0 {
					positional = stack[sp+1 : sp+1+npos]
				}
				if fr.methodOf != m {
					fr.method.name, fr.method.fn, fr.methodOf = m.name, m.fn, m
				}
				fr.method.recv = recv
				function = &fr.method
			} else {
				// A method of a HasMethods value, called with the
				// receiver first: the receiver and the arguments
				// are in place on the stack, not copied unless
				// the callee takes them in place (a Starlark
				// function, or an ArgsInPlacer that says so, as
				// pyasync's Go methods that keep nothing do).
				positional = stack[sp : sp+1+npos : sp+1+npos]
				if !takesArgsInPlace(function) {
					positional = slices.Clone(positional)
				}
			}

			thread.endProfSpan()
			z, err2 := call(thread, function, positional, kvpairs)
			thread.beginProfSpan()
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = z

		case compile.METHOD_CALL0:
			// x.f(): METHOD then CALL_METHOD<0>, as those do.
			x := stack[sp-1]
			var function Value
			var positional Tuple
			ms := insn.Aux.(*methodSet)
			m := ms.of(x)
			if m == nil {
				m = builtinAt(x, ms) // as in METHOD
			}
			if m != nil {
				if fr.methodOf != m {
					fr.method.name, fr.method.fn, fr.methodOf = m.name, m.fn, m
				}
				fr.method.recv = x
				function = &fr.method
			} else if m := methodOfAt(x, f, insn); m != nil {
				function = m
				positional = stack[sp-1 : sp : sp] // the receiver
				// copied unless it takes it in place, as CALL_METHOD
				if !takesArgsInPlace(m) {
					positional = slices.Clone(positional)
				}
			} else {
				y, err2 := getAttrAt(x, f, insn)
				if err2 != nil {
					err = err2
					break loop
				}
				function = y
			}
			fr.pc = insn.Arg2 // the CALL_METHOD's

			thread.endProfSpan()
			z, err2 := call(thread, function, positional, nil)
			thread.beginProfSpan()
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = z

		case compile.ITERPUSH:
			x := stack[sp-1]
			sp--
			if iterstack == nil {
				iterstack = fr.iters[:0]
			}
			iter := fr.iterate(x, len(iterstack))
			if iter == nil {
				err = fmt.Errorf("%s value is not iterable", x.Type())
				break loop
			}
			iterstack = append(iterstack, iter)
			fr.iters = iterstack // for a panic's clean-up (unwind.go)

		case compile.ITERJMP:
			iter := iterstack[len(iterstack)-1]
			if iter.Next(&stack[sp]) {
				sp++
			} else {
				pc = arg
			}

		case compile.ITERPOP:
			n := len(iterstack) - 1
			iterstack[n].Done()
			iterstack[n] = nil
			fr.clearIter(n)
			iterstack = iterstack[:n]

		case compile.NOT:
			stack[sp-1] = !stack[sp-1].Truth()

		case compile.RETURN:
			result = stack[sp-1]
			break loop

		case compile.NONE_RETURN:
			// NONE then RETURN.
			result = None
			break loop

		case compile.SETINDEX:
			z := stack[sp-1]
			y := stack[sp-2]
			x := stack[sp-3]
			sp -= 3
			err = setIndex(x, y, z)
			if err != nil {
				break loop
			}

		case compile.INDEX:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			z, err2 := getIndex(x, y)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = z
			sp++

		case compile.ATTR:
			x := stack[sp-1]
			y, err2 := getAttrAt(x, f, insn)
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp-1] = y

		case compile.SETFIELD:
			y := stack[sp-1]
			x := stack[sp-2]
			sp -= 2
			if err2 := setFieldAt(x, y, f, insn); err2 != nil {
				err = err2
				break loop
			}

		case compile.MAKEDICT:
			stack[sp] = new(Dict)
			sp++

		case compile.SETDICT, compile.SETDICTUNIQ:
			dict := stack[sp-3].(*Dict)
			k := stack[sp-2]
			v := stack[sp-1]
			sp -= 3
			oldlen := dict.Len()
			if err2 := dict.SetKey(k, v); err2 != nil {
				err = err2
				break loop
			}
			if op == compile.SETDICTUNIQ && dict.Len() == oldlen {
				err = fmt.Errorf("duplicate key: %v", k)
				break loop
			}

		case compile.APPEND:
			elem := stack[sp-1]
			list := stack[sp-2].(*List)
			sp -= 2
			list.elems = appendElem(list.elems, elem) // (pyasync patch)

		case compile.SLICE, compile.NONE_SLICE:
			var step Value = None
			if op == compile.SLICE {
				step = stack[sp-1]
				sp--
			} else {
				fr.pc = insn.Arg2 // the SLICE's
			}
			x := stack[sp-3]
			lo := stack[sp-2]
			hi := stack[sp-1]
			sp -= 3
			res, ok := sliceString(x, lo, hi, step)
			if !ok {
				var err2 error
				res, err2 = slice(x, lo, hi, step)
				if err2 != nil {
					err = err2
					break loop
				}
			}
			stack[sp] = res
			sp++

		case compile.UNPACK:
			n := int(arg)
			iterable := stack[sp-1]
			sp--
			if elems := sequenceOf(iterable); elems != nil && len(elems) == n {
				// a tuple or list of the right length: its
				// elements, without an iterator (pyasync patch)
				for i, elem := range elems {
					stack[sp+n-1-i] = elem
				}
				sp += n
				break
			}
			iter := Iterate(iterable)
			if iter == nil {
				err = fmt.Errorf("got %s in sequence assignment", iterable.Type())
				break loop
			}
			i := 0
			sp += n
			for i < n && iter.Next(&stack[sp-1-i]) {
				i++
			}
			var dummy Value
			if iter.Next(&dummy) {
				// NB: Len may return -1 here in obscure cases.
				err = fmt.Errorf("too many values to unpack (got %d, want %d)", Len(iterable), n)
				break loop
			}
			iter.Done()
			if i < n {
				err = fmt.Errorf("too few values to unpack (got %d, want %d)", i, n)
				break loop
			}

		case compile.COMPARE_CJMP:
			// a comparison then CJMP, as those do (the comparison's
			// errors are at this address, the comparison's).
			if ok, err2 := compareOps(compile.Opcode(insn.Arg2), stack[sp-2], stack[sp-1]); err2 != nil {
				err = err2
				break loop
			} else if ok {
				pc = arg
			}
			sp -= 2

		case compile.CJMP:
			if stack[sp-1].Truth() {
				pc = arg
			}
			sp--

		case compile.CONSTANT:
			stack[sp] = fn.module.constants[arg]
			sp++

		case compile.MAKETUPLE:
			n := int(arg)
			sp -= n
			stack[sp] = tupleValue(stack[sp:], n) // (pyasync patch)
			sp++

		case compile.CONSTANT_TUPLE:
			// CONSTANTs then MAKETUPLE: the tuple made as the code
			// was decoded (pyasync patch)
			stack[sp] = insn.Aux.(Tuple)
			sp++

		case compile.MAKELIST:
			n := int(arg)
			elems := make([]Value, n)
			sp -= n
			copy(elems, stack[sp:])
			stack[sp] = NewList(elems)
			sp++

		case compile.MAKEFUNC:
			funcode := f.Prog.Functions[arg]
			tuple := stack[sp-1].(Tuple)
			n := len(tuple) - len(funcode.FreeVars)
			defaults := tuple[:n:n]
			freevars := tuple[n:]
			stack[sp-1] = &Function{
				funcode:  funcode,
				module:   fn.module,
				defaults: defaults,
				freevars: freevars,
			}

		case compile.LOAD:
			n := int(arg)
			module := string(stack[sp-1].(String))
			sp--

			if thread.Load == nil {
				err = fmt.Errorf("load not implemented by this application")
				break loop
			}

			thread.endProfSpan()
			dict, err2 := thread.Load(thread, module)
			thread.beginProfSpan()
			if err2 != nil {
				err = wrappedError{
					msg:   fmt.Sprintf("cannot load %s: %v", module, err2),
					cause: err2,
				}
				break loop
			}

			for i := range n {
				from := string(stack[sp-1-i].(String))
				v, ok := dict[from]
				if !ok {
					err = fmt.Errorf("load: name %s not found in module %s", from, module)
					if n := spell.Nearest(from, dict.Keys()); n != "" {
						err = fmt.Errorf("%s (did you mean %s?)", err, n)
					}
					break loop
				}
				stack[sp-1-i] = v
			}

		case compile.SETLOCAL:
			locals[arg] = stack[sp-1]
			sp--

		case compile.SETLOCALCELL:
			locals[arg].(*cell).v = stack[sp-1]
			sp--

		case compile.SETGLOBAL:
			fn.module.globals[arg] = stack[sp-1]
			sp--

		case compile.LOCAL:
			x := locals[arg]
			if x == nil {
				err = unassigned(f, arg)
				break loop
			}
			stack[sp] = x
			sp++

		case compile.LOCAL_ATTR:
			// LOCAL then ATTR, as those do.
			x := locals[arg]
			if x == nil {
				err = unassigned(f, arg)
				break loop
			}
			fr.pc = insn.Arg2 // the ATTR's
			y, err2 := getAttrAt(x, f, insnAt(code, insn.Arg2))
			if err2 != nil {
				err = err2
				break loop
			}
			stack[sp] = y
			sp++

		case compile.LOCAL_SETFIELD:
			// LOCAL, EXCH, SETFIELD: x.f = y, as those do.
			x := locals[arg]
			if x == nil {
				err = unassigned(f, arg)
				break loop
			}
			fr.pc = insnAt(code, insn.Arg2).Next // the SETFIELD's
			sp--
			if err2 := setFieldAt(x, stack[sp], f, insnAt(code, fr.pc)); err2 != nil {
				err = err2
				break loop
			}

		case compile.LOCAL_CONSTANT:
			// LOCAL then CONSTANT.
			x := locals[arg]
			if x == nil {
				err = unassigned(f, arg)
				break loop
			}
			stack[sp] = x
			stack[sp+1] = fn.module.constants[insn.Arg3]
			sp += 2

		case compile.SETLOCAL_LOCAL:
			// SETLOCAL then LOCAL.
			locals[arg] = stack[sp-1]
			i := uint32(insn.Arg3)
			x := locals[i]
			if x == nil {
				fr.pc = insn.Arg2 // the LOCAL's
				err = unassigned(f, i)
				break loop
			}
			stack[sp-1] = x

		case compile.FREE:
			stack[sp] = fn.freevars[arg]
			sp++

		case compile.LOCALCELL:
			v := locals[arg].(*cell).v
			if v == nil {
				err = fmt.Errorf("local variable %s referenced before assignment", f.Locals[arg].Name)
				break loop
			}
			stack[sp] = v
			sp++

		case compile.FREECELL:
			v := fn.freevars[arg].(*cell).v
			if v == nil {
				err = fmt.Errorf("local variable %s referenced before assignment", f.FreeVars[arg].Name)
				break loop
			}
			stack[sp] = v
			sp++

		case compile.GLOBAL:
			x := fn.module.globals[arg]
			if x == nil {
				err = fmt.Errorf("global variable %s referenced before assignment", f.Prog.Globals[arg].Name)
				break loop
			}
			stack[sp] = x
			sp++

		case compile.PREDECLARED:
			// (pyasync patch) a module made by InitFixed looks each
			// name up once
			var x Value
			fixed := fn.module.fixed
			if arg < uint32(len(fixed)) {
				x = fixed[arg]
			}
			if x == nil {
				name := f.Prog.Names[arg]
				x = fn.module.predeclared[name]
				if x == nil {
					err = fmt.Errorf("internal error: predeclared variable %s is uninitialized", name)
					break loop
				}
				if arg < uint32(len(fixed)) {
					fixed[arg] = x
				}
			}
			stack[sp] = x
			sp++

		case compile.UNIVERSAL:
			var x Value
			fixed := fn.module.fixed
			if arg < uint32(len(fixed)) {
				x = fixed[arg]
			}
			if x == nil {
				x = Universe[f.Prog.Names[arg]]
				if arg < uint32(len(fixed)) {
					fixed[arg] = x
				}
			}
			stack[sp] = x
			sp++

		default:
			err = fmt.Errorf("unimplemented: %s", op)
			break loop
		}
	}
	// ITERPOP the rest of the iterator stack.
	if iterstack != nil {
		fr.endLoops(iterstack)
	}
	fr.locals = nil
	clear(space)
	return result, err
}

// insnAt is the instruction at address pc of decoded code (see
// compile.Insns), read without a bounds check. (pyasync patch)
func insnAt(code unsafe.Pointer, pc uint32) *compile.Insn {
	return (*compile.Insn)(unsafe.Add(code, uintptr(pc)*unsafe.Sizeof(compile.Insn{})))
}

// unassigned is the error of a read of local variable i before it is
// assigned. (pyasync patch)
func unassigned(f *compile.Funcode, i uint32) error {
	return fmt.Errorf("local variable %s referenced before assignment", f.Locals[i].Name)
}

// maxKeptSpace is the most values of locals and operand stack that a
// frame keeps for the next call at its depth; a function that needs
// more has its space allocated at each call.
const maxKeptSpace = 256

// namedArgs returns the named arguments of a call, given as
// alternating names and values, as pairs.
func namedArgs(names []Value) []Tuple {
	n := len(names) / 2
	if n == 0 {
		return nil
	}
	kvpairs := make([]Tuple, n)
	kvpairsAlloc := make(Tuple, 2*n) // allocate a single backing array
	copy(kvpairsAlloc, names)
	for i := range n {
		kvpairs[i] = kvpairsAlloc[2*i : 2*i+2 : 2*i+2]
	}
	return kvpairs
}

// A methodSet holds the methods of one name of the built-in types
// (nil where a type has none): what a METHOD instruction may call, looked
// up when its function's code is decoded.
type methodSet struct {
	string_, list, dict, set, bytes *Builtin
	site                            AttrSite // for a value of another type (pyasync patch)
}

func init() {
	compile.MethodLookup = func(name string) any {
		return &methodSet{string_: stringMethods[name], list: listMethods[name], dict: dictMethods[name], set: setMethods[name], bytes: bytesMethods[name]}
	}
	compile.NewAttrSite = func() any { return new(AttrSite) }
	compile.ConstantTuple = func(consts []any) any {
		t := make(Tuple, len(consts))
		for i, c := range consts {
			t[i] = constantValue(c)
		}
		return t
	}
	compile.UniversalOp = func(name string) compile.Opcode {
		switch Universe[name] {
		case None:
			return compile.NONE
		case True:
			return compile.TRUE
		case False:
			return compile.FALSE
		}
		return compile.NOP
	}
}

// of returns the method of x, unbound, if x is a value of a built-in
// type with such a method, or nil.
func (ms *methodSet) of(x Value) *Builtin {
	switch x.(type) {
	case String:
		return ms.string_
	case *List:
		return ms.list
	case *Dict:
		return ms.dict
	case *Set:
		return ms.set
	case Bytes:
		return ms.bytes
	}
	return nil
}

type wrappedError struct {
	msg   string
	cause error
}

func (e wrappedError) Error() string {
	return e.msg
}

// Implements the xerrors.Wrapper interface
// https://godoc.org/golang.org/x/xerrors#Wrapper
func (e wrappedError) Unwrap() error {
	return e.cause
}

// mandatory is a sentinel value used in a function's defaults tuple
// to indicate that a (keyword-only) parameter is mandatory.
type mandatory struct{}

func (mandatory) String() string        { return "mandatory" }
func (mandatory) Type() string          { return "mandatory" }
func (mandatory) Freeze()               {} // immutable
func (mandatory) Truth() Bool           { return False }
func (mandatory) Hash() (uint32, error) { return 0, nil }

// A cell is a box containing a Value.
// Local variables marked as cells hold their value indirectly
// so that they may be shared by outer and inner nested functions.
// Cells are always accessed using indirect {FREE,LOCAL,SETLOCAL}CELL instructions.
// The FreeVars tuple contains only cells.
// The FREE instruction always yields a cell.
type cell struct{ v Value }

func (c *cell) String() string { return "cell" }
func (c *cell) Type() string   { return "cell" }
func (c *cell) Freeze() {
	if c.v != nil {
		c.v.Freeze()
	}
}
func (c *cell) Truth() Bool           { panic("unreachable") }
func (c *cell) Hash() (uint32, error) { panic("unreachable") }
