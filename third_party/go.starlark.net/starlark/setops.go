package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): the set operators of Binary, out of line. Their
// deferred calls, in Binary itself, made every call of Binary run the
// runtime's deferreturn when it returned, whatever its operands.

func setDifference(x, y *Set) (Value, error) {
	iter := y.Iterate()
	defer iter.Done()
	return x.Difference(iter)
}

func setUnion(x, y *Set) (Value, error) {
	iter := Iterate(y)
	defer iter.Done()
	return x.Union(iter)
}

func setIntersection(x, y *Set) (Value, error) {
	iter := y.Iterate()
	defer iter.Done()
	return x.Intersection(iter)
}

func setSymmetricDifference(x, y *Set) (Value, error) {
	iter := y.Iterate()
	defer iter.Done()
	return x.SymmetricDifference(iter)
}
