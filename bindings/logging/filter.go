package logging

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
)

// This file is Filterer, the base of Logger and Handler (addFilter,
// removeFilter, filter), and Filter(name=''), which lets through the
// records of the logger called name and of the loggers below it.

func (s *state) makeFilterClasses() {
	s.filterer = class.MustNew("Filterer", "logging", []*class.Class{class.Object}, modules.Methods(map[string]class.MethodFunc{
		"__init__":     s.filtererInit,
		"addFilter":    s.addFilter,
		"removeFilter": s.removeFilter,
		"filter":       s.filterMethod,
	}))
	s.filter = class.MustNew("Filter", "logging", []*class.Class{class.Object}, modules.Methods(map[string]class.MethodFunc{
		"__init__": filterInit,
		"filter":   filterFilter,
	}))
}

func (s *state) filtererInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("Filterer.__init__", self)
	if err != nil {
		return nil, err
	}
	if err := noArgs("Filterer", args, kwargs); err != nil {
		return nil, err
	}
	inst.SetAttr("filters", starlark.NewList(nil))
	return starlark.None, nil
}

// filterList returns self.filters, which must be a list.
func filterList(self starlark.Value) (*starlark.List, error) {
	return modules.ListAttr(self, "filters")
}

// addFilter and removeFilter: filter(filter) changes self.filters.
func (s *state) addFilter(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return changeFilters("addFilter", modules.AddOnce, self, args, kwargs)
}

func (s *state) removeFilter(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return changeFilters("removeFilter", modules.Remove, self, args, kwargs)
}

func changeFilters(fn string, change func(*starlark.List, starlark.Value) error, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f starlark.Value
	if err := starlark.UnpackArgs(fn, args, kwargs, "filter", &f); err != nil {
		return nil, err
	}
	l, err := filterList(self)
	if err != nil {
		return nil, err
	}
	return starlark.None, change(l, f)
}

func (s *state) filterMethod(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("filter", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	ok, err := s.filterRecord(th, self, r)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

// filterRecord asks each of self.filters about r: its filter(record)
// method, or the filter itself if it is a function. One false answer
// drops the record.
func (s *state) filterRecord(th *starlark.Thread, self, r starlark.Value) (bool, error) {
	l, err := filterList(self)
	if err != nil {
		return false, err
	}
	if l.Len() == 0 {
		return true, nil
	}
	fs := make([]starlark.Value, l.Len()) // a filter may change the list
	for i := range fs {
		fs[i] = l.Index(i)
	}
	for _, f := range fs {
		var res starlark.Value
		if modules.HasAttr(f, "filter") {
			res, err = modules.CallMethod(th, f, "filter", r)
		} else {
			res, err = starlark.Call(th, f, starlark.Tuple{r}, nil)
		}
		if err != nil {
			return false, err
		}
		if !res.Truth() {
			return false, nil
		}
	}
	return true, nil
}

func filterInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("Filter.__init__", self)
	if err != nil {
		return nil, err
	}
	name := ""
	if err := starlark.UnpackArgs("Filter", args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	inst.SetAttr("name", starlark.String(name))
	inst.SetAttr("nlen", starlark.MakeInt(len(name)))
	return starlark.None, nil
}

// filterFilter is Filter.filter(record): record.name is the filter's
// name or below it.
func filterFilter(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("filter", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	nv, err := modules.GetAttr(self, "name")
	if err != nil {
		return nil, err
	}
	rv, err := modules.GetAttr(r, "name")
	if err != nil {
		return nil, err
	}
	name, rname := str(nv), str(rv)
	switch {
	case name == "" || name == rname:
		return starlark.True, nil
	case !strings.HasPrefix(rname, name):
		return starlark.False, nil
	}
	return starlark.Bool(len(rname) > len(name) && rname[len(name)] == '.'), nil
}
