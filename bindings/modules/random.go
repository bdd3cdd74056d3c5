package modules

import (
	"crypto/rand"
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewRandom makes the random module of one interpreter: a Mersenne
// Twister seeded from the OS on first use, with CPython's algorithms, so
// that after seed(n) (an int, float, str or bytes) random(),
// getrandbits(), randrange(), randint(), choice(), choices(), shuffle(),
// sample() and uniform() give exactly CPython's values:
//
//	seed(a=None, version=2) random() getrandbits(k) randbytes(n)
//	randrange(start, stop=None, step=1) randint(a, b) uniform(a, b)
//	choice(seq) choices(population, weights=None, *, cum_weights=None, k=1)
//	shuffle(x) sample(population, k, *, counts=None)
//	Random(x=None): a generator of its own with those methods
func NewRandom() *Lazy {
	return NewLazy("random", func() starlark.StringDict {
		def := &randomGen{}
		m := starlark.StringDict{"Random": starlark.NewBuiltin("Random", newRandomGen)}
		for name := range randomMethods {
			m[name], _ = def.Attr(name)
		}
		return m
	})
}

// randomGen is a random.Random: a generator and whether it was seeded.
type randomGen struct {
	g      mt19937
	seeded bool
}

var _ starlark.HasAttrs = (*randomGen)(nil)

func (r *randomGen) String() string        { return fmt.Sprintf("<random.Random object at %p>", r) }
func (r *randomGen) Type() string          { return "Random" }
func (r *randomGen) Freeze()               {}
func (r *randomGen) Truth() starlark.Bool  { return true }
func (r *randomGen) Hash() (uint32, error) { return starlark.String(fmt.Sprintf("%p", r)).Hash() }

func (r *randomGen) Attr(name string) (starlark.Value, error) {
	return methodAttr(r, name, randomMethods), nil
}

func (r *randomGen) AttrNames() []string { return methodNames(randomMethods) }

var randomMethods = map[string]builtinFunc{
	"seed":        randomSeed,
	"random":      randomRandom,
	"getrandbits": randomGetrandbits,
	"randbytes":   randomRandbytes,
	"randrange":   randomRandrange,
	"randint":     randomRandint,
	"uniform":     randomUniform,
	"choice":      randomChoice,
	"choices":     randomChoices,
	"shuffle":     randomShuffle,
	"sample":      randomSample,
}

// gen is the receiver's generator, seeded from the OS if it never was.
func gen(b *starlark.Builtin) *mt19937 {
	r := b.Receiver().(*randomGen)
	if !r.seeded {
		r.seedOS()
	}
	return &r.g
}

// seedOS seeds as CPython does without a seed: 624 words from urandom.
func (r *randomGen) seedOS() {
	buf := make([]byte, 624*4)
	rand.Read(buf)
	key := make([]uint32, 624)
	for i := range key {
		key[i] = binary.LittleEndian.Uint32(buf[4*i:])
	}
	r.g.initByArray(key)
	r.seeded = true
}

func newRandomGen(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("Random", args, kwargs, 0, &x); err != nil {
		return nil, err
	}
	r := &randomGen{}
	return r, r.seed(x, 2)
}

// seed is Random.seed(a, version): ints by value, floats by hash, str and
// bytes (version 2) by their SHA-512-extended value.
func (r *randomGen) seed(a starlark.Value, version int) error {
	var n *big.Int
	switch x := a.(type) {
	case starlark.NoneType:
		r.seedOS()
		return nil
	case starlark.Bool:
		n = big.NewInt(0)
		if x {
			n = big.NewInt(1)
		}
	case starlark.Int:
		n = x.BigInt()
	case starlark.Float:
		n = new(big.Int).SetUint64(uint64(class.FloatHash(float64(x))))
	case starlark.String, starlark.Bytes:
		s, _ := starlark.AsString(x)
		if b, ok := x.(starlark.Bytes); ok {
			s = string(b)
		}
		if version == 1 {
			n = seedV1(s)
			break
		}
		sum := sha512.Sum512([]byte(s))
		n = new(big.Int).SetBytes(append([]byte(s), sum[:]...))
	default:
		return pyerr.Errorf("TypeError", "The only supported seed types are: None, int, float, str, bytes, and bytearray.")
	}
	r.g.seedInt(n)
	r.seeded = true
	return nil
}

// seedV1 is version 1's seed of a string: Python 2's string hash.
func seedV1(s string) *big.Int {
	var x uint64
	if s != "" {
		x = uint64(s[0]) << 7
	}
	for i := 0; i < len(s); i++ {
		x = (1000003 * x) ^ uint64(s[i])
	}
	x ^= uint64(len(s))
	return new(big.Int).SetUint64(x)
}

func randomSeed(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a starlark.Value = starlark.None
	version := 2
	if err := starlark.UnpackArgs("seed", args, kwargs, "a?", &a, "version?", &version); err != nil {
		return nil, err
	}
	return starlark.None, b.Receiver().(*randomGen).seed(a, version)
}

func randomRandom(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("random", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Float(gen(b).random()), nil
}

// bitsArg is a number of bits, refusing what would not fit in memory.
func bitsArg(v starlark.Value) (int, error) {
	k, err := intArg(v)
	if err != nil {
		return 0, err
	}
	if k < 0 {
		return 0, pyerr.Errorf("ValueError", "number of bits must be non-negative")
	}
	if k > 1<<27 {
		return 0, pyerr.Errorf("MemoryError", "getrandbits: %d bits is more than pyasync will make at once", k)
	}
	return k, nil
}

func randomGetrandbits(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var kv starlark.Value
	if err := starlark.UnpackPositionalArgs("getrandbits", args, kwargs, 1, &kv); err != nil {
		return nil, err
	}
	k, err := bitsArg(kv)
	if err != nil {
		return nil, err
	}
	if k == 0 {
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeBigInt(gen(b).getrandbits(k)), nil
}

// randomRandbytes is randbytes(n): getrandbits(n * 8) as n little-endian
// bytes.
func randomRandbytes(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value
	if err := starlark.UnpackPositionalArgs("randbytes", args, kwargs, 1, &nv); err != nil {
		return nil, err
	}
	n, err := intArg(nv)
	if err != nil {
		return nil, err
	}
	k, err := bitsArg(starlark.MakeInt(n * 8))
	if err != nil {
		return nil, err
	}
	if k == 0 {
		return starlark.Bytes(""), nil
	}
	be := gen(b).getrandbits(k).FillBytes(make([]byte, n))
	for l, r := 0, len(be)-1; l < r; l, r = l+1, r-1 {
		be[l], be[r] = be[r], be[l]
	}
	return starlark.Bytes(be), nil
}

// rangeArg is an argument of randrange as Python takes it: an int, or a
// float or str that int() turns into an equal int (deprecated there).
func rangeArg(v starlark.Value, what string) (*big.Int, error) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), nil
	case starlark.Bool:
		if x {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	case starlark.Float:
		f := float64(x)
		if math.IsInf(f, 0) {
			return nil, pyerr.Errorf("OverflowError", "cannot convert float infinity to integer")
		}
		if math.IsNaN(f) {
			return nil, pyerr.Errorf("ValueError", "cannot convert float NaN to integer")
		}
		if f != math.Trunc(f) {
			return nil, pyerr.Errorf("ValueError", "non-integer %s for randrange()", what)
		}
		n, _ := new(big.Float).SetFloat64(f).Int(nil)
		return n, nil
	case starlark.String:
		if _, err := strconv.ParseInt(string(x), 10, 64); err != nil {
			return nil, pyerr.Errorf("ValueError", "invalid literal for int() with base 10: %s", oserr.Quote(string(x)))
		}
		return nil, pyerr.Errorf("ValueError", "non-integer %s for randrange()", what)
	}
	return nil, pyerr.Errorf("TypeError", "int() argument must be a string, a bytes-like object or a real number, not '%s'", pyType(v))
}

func randomRandrange(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var start, stop, step starlark.Value = nil, starlark.None, nil
	if err := starlark.UnpackArgs("randrange", args, kwargs, "start", &start, "stop?", &stop, "step?", &step); err != nil {
		return nil, err
	}
	n, err := randrange(gen(b), start, stop, step)
	if err != nil {
		return nil, err
	}
	return starlark.MakeBigInt(n), nil
}

// randrange is Random.randrange(start, stop=None, step=1) of 3.11; step
// is nil when not given.
func randrange(g *mt19937, start, stop, step starlark.Value) (*big.Int, error) {
	istart, err := rangeArg(start, "arg 1")
	if err != nil {
		return nil, err
	}
	if stop == starlark.None {
		if step != nil {
			return nil, pyerr.Errorf("TypeError", "Missing a non-None stop argument")
		}
		if istart.Sign() > 0 {
			return g.randbelow(istart), nil
		}
		return nil, pyerr.Errorf("ValueError", "empty range for randrange()")
	}
	istop, err := rangeArg(stop, "stop")
	if err != nil {
		return nil, err
	}
	width := new(big.Int).Sub(istop, istart)
	istep := big.NewInt(1)
	if step != nil {
		if istep, err = rangeArg(step, "step"); err != nil {
			return nil, err
		}
	}
	if istep.Cmp(big.NewInt(1)) == 0 {
		if width.Sign() > 0 {
			return width.Add(istart, g.randbelow(width)), nil
		}
		return nil, pyerr.Errorf("ValueError", "empty range for randrange() (%s, %s, %s)", istart, istop, width)
	}
	var n *big.Int
	switch istep.Sign() {
	case 1:
		n = floorDiv(new(big.Int).Sub(new(big.Int).Add(width, istep), big.NewInt(1)), istep)
	case -1:
		n = floorDiv(new(big.Int).Add(new(big.Int).Add(width, istep), big.NewInt(1)), istep)
	default:
		return nil, pyerr.Errorf("ValueError", "zero step for randrange()")
	}
	if n.Sign() <= 0 {
		return nil, pyerr.Errorf("ValueError", "empty range for randrange()")
	}
	r := g.randbelow(n)
	return r.Add(istart, r.Mul(istep, r)), nil
}

func floorDiv(a, b *big.Int) *big.Int {
	q, m := new(big.Int).DivMod(a, b, new(big.Int)) // Euclidean
	if m.Sign() != 0 && b.Sign() < 0 {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func randomRandint(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, bv starlark.Value
	if err := starlark.UnpackArgs("randint", args, kwargs, "a", &a, "b", &bv); err != nil {
		return nil, err
	}
	stop, err := starlark.Binary(syntax.PLUS, bv, starlark.MakeInt(1))
	if err != nil {
		if _, ok := bv.(starlark.String); ok {
			return nil, pyerr.Errorf("TypeError", "can only concatenate str (not \"int\") to str")
		}
		return nil, pyerr.Errorf("TypeError", "unsupported operand type(s) for +: '%s' and 'int'", pyType(bv))
	}
	n, err := randrange(gen(b), a, stop, nil)
	if err != nil {
		return nil, err
	}
	return starlark.MakeBigInt(n), nil
}

// arith is x op y with Python's error for operands that do not mix.
func arith(op syntax.Token, x, y starlark.Value) (starlark.Value, error) {
	z, err := starlark.Binary(op, x, y)
	if err != nil {
		return nil, pyerr.Errorf("TypeError", "unsupported operand type(s) for %s: '%s' and '%s'", op, pyType(x), pyType(y))
	}
	return z, nil
}

func randomUniform(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, bv starlark.Value
	if err := starlark.UnpackArgs("uniform", args, kwargs, "a", &a, "b", &bv); err != nil {
		return nil, err
	}
	d, err := arith(syntax.MINUS, bv, a)
	if err != nil {
		return nil, err
	}
	d, err = arith(syntax.STAR, d, starlark.Float(gen(b).random()))
	if err != nil {
		return nil, err
	}
	return arith(syntax.PLUS, a, d)
}

// seqArg is a sequence argument: something with a length and indexes.
func seqArg(v starlark.Value) (starlark.Indexable, error) {
	s, ok := v.(starlark.Indexable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "object of type '%s' has no len()", pyType(v))
	}
	return s, nil
}

func randomChoice(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv starlark.Value
	if err := starlark.UnpackArgs("choice", args, kwargs, "seq", &sv); err != nil {
		return nil, err
	}
	seq, err := seqArg(sv)
	if err != nil {
		return nil, err
	}
	if seq.Len() == 0 {
		return nil, pyerr.Errorf("IndexError", "Cannot choose from an empty sequence")
	}
	return seq.Index(gen(b).randbelowInt(seq.Len())), nil
}

func randomShuffle(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var xv starlark.Value
	if err := starlark.UnpackArgs("shuffle", args, kwargs, "x", &xv); err != nil {
		return nil, err
	}
	x, ok := xv.(starlark.HasSetIndex)
	if !ok {
		if _, isSeq := xv.(starlark.Indexable); isSeq {
			return nil, pyerr.Errorf("TypeError", "'%s' object does not support item assignment", pyType(xv))
		}
		return nil, pyerr.Errorf("TypeError", "object of type '%s' has no len()", pyType(xv))
	}
	g := gen(b)
	for i := x.Len() - 1; i > 0; i-- {
		j := g.randbelowInt(i + 1)
		xi, xj := x.Index(i), x.Index(j)
		if err := x.SetIndex(i, xj); err != nil {
			return nil, err
		}
		if err := x.SetIndex(j, xi); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// accumulate is the running sums of an iterable of numbers.
func accumulate(v starlark.Value) ([]starlark.Value, error) {
	items, err := iterItems(v)
	if err != nil {
		return nil, err
	}
	for i := 1; i < len(items); i++ {
		if items[i], err = arith(syntax.PLUS, items[i-1], items[i]); err != nil {
			return nil, err
		}
	}
	return items, nil
}

func randomSample(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv, kv starlark.Value
	var counts starlark.Value = starlark.None
	if err := starlark.UnpackArgs("sample", args, kwargs, "population", &pv, "k", &kv, "counts?", &counts); err != nil {
		return nil, err
	}
	pop, ok := pv.(starlark.Indexable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "Population must be a sequence.  For dicts or sets, use sorted(d).")
	}
	k, err := intArg(kv)
	if err != nil {
		return nil, err
	}
	g := gen(b)
	if counts == starlark.None {
		picks, err := sample(g, pop.Len(), k)
		if err != nil {
			return nil, err
		}
		out := make([]starlark.Value, len(picks))
		for i, j := range picks {
			out[i] = pop.Index(j)
		}
		return starlark.NewList(out), nil
	}
	cum, err := accumulate(counts)
	if err != nil {
		return nil, err
	}
	if len(cum) != pop.Len() {
		return nil, pyerr.Errorf("ValueError", "The number of counts does not match the population")
	}
	last := cum[len(cum)-1]
	cum = cum[:len(cum)-1]
	total, ok := last.(starlark.Int)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "Counts must be integers")
	}
	t, ok := total.Int64()
	if total.Sign() <= 0 {
		return nil, pyerr.Errorf("ValueError", "Total of counts must be greater than zero")
	}
	if !ok || t > 1<<40 {
		return nil, pyerr.Errorf("OverflowError", "Total of counts is too large")
	}
	picks, err := sample(g, int(t), k)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(picks))
	for i, s := range picks {
		j, err := bisectRight(cum, starlark.MakeInt(s), 0, len(cum))
		if err != nil {
			return nil, err
		}
		out[i] = pop.Index(j)
	}
	return starlark.NewList(out), nil
}

// sample is Random.sample over indexes 0..n-1: k distinct picks, by a
// pool for small populations and a set of taken indexes for large ones.
func sample(g *mt19937, n, k int) ([]int, error) {
	if k < 0 || k > n {
		return nil, pyerr.Errorf("ValueError", "Sample larger than population or is negative")
	}
	if k > 1<<24 {
		return nil, pyerr.Errorf("MemoryError", "sample: %d picks is more than pyasync will make at once", k)
	}
	result := make([]int, k)
	setsize := 21
	if k > 5 {
		setsize += int(math.Pow(4, math.Ceil(math.Log(float64(k*3))/math.Log(4))))
	}
	if n <= setsize {
		pool := make([]int, n)
		for i := range pool {
			pool[i] = i
		}
		for i := 0; i < k; i++ {
			j := g.randbelowInt(n - i)
			result[i] = pool[j]
			pool[j] = pool[n-i-1]
		}
		return result, nil
	}
	selected := map[int]bool{}
	for i := 0; i < k; i++ {
		j := g.randbelowInt(n)
		for selected[j] {
			j = g.randbelowInt(n)
		}
		selected[j] = true
		result[i] = j
	}
	return result, nil
}

// bisectRight is bisect.bisect_right(a, x, lo, hi) over values.
func bisectRight(a []starlark.Value, x starlark.Value, lo, hi int) (int, error) {
	for lo < hi {
		mid := (lo + hi) / 2
		before, err := less(syntax.LT, x, a[mid])
		if err != nil {
			return 0, err
		}
		if before {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo, nil
}

func randomChoices(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	var weights, cumWeights starlark.Value = starlark.None, starlark.None
	var kv starlark.Value = starlark.MakeInt(1)
	if len(args) > 2 {
		return nil, pyerr.Errorf("TypeError", "choices() takes from 2 to 3 positional arguments but %d were given", len(args)+1)
	}
	if err := starlark.UnpackArgs("choices", args, kwargs, "population", &pv, "weights?", &weights, "cum_weights?", &cumWeights, "k?", &kv); err != nil {
		return nil, err
	}
	pop, err := seqArg(pv)
	if err != nil {
		return nil, err
	}
	k, err := intArg(kv)
	if err != nil {
		return nil, err
	}
	if k > 1<<24 {
		return nil, pyerr.Errorf("MemoryError", "choices: %d choices is more than pyasync will make at once", k)
	}
	g := gen(b)
	n := pop.Len()
	out := make([]starlark.Value, 0, max(k, 0))
	outOfRange := pyerr.Errorf("IndexError", "list index out of range")
	var cum []starlark.Value
	switch {
	case cumWeights == starlark.None && weights == starlark.None:
		if n == 0 && k > 0 {
			return nil, outOfRange
		}
		for i := 0; i < k; i++ {
			out = append(out, pop.Index(int(math.Floor(g.random()*float64(n)))))
		}
		return starlark.NewList(out), nil
	case cumWeights == starlark.None:
		if cum, err = accumulate(weights); err != nil {
			if w, ok := weights.(starlark.Int); ok {
				return nil, pyerr.Errorf("TypeError", "The number of choices must be a keyword argument: k=%s", w)
			}
			return nil, err
		}
	case weights != starlark.None:
		return nil, pyerr.Errorf("TypeError", "Cannot specify both weights and cumulative weights")
	default:
		if cum, err = iterItems(cumWeights); err != nil {
			return nil, err
		}
	}
	if len(cum) != n {
		return nil, pyerr.Errorf("ValueError", "The number of weights does not match the population")
	}
	if n == 0 {
		return nil, outOfRange
	}
	tv, err := arith(syntax.PLUS, cum[n-1], starlark.Float(0))
	if err != nil {
		return nil, err
	}
	total := float64(tv.(starlark.Float))
	if total <= 0 {
		return nil, pyerr.Errorf("ValueError", "Total of weights must be greater than zero")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return nil, pyerr.Errorf("ValueError", "Total of weights must be finite")
	}
	for i := 0; i < k; i++ {
		j, err := bisectRight(cum, starlark.Float(g.random()*total), 0, n-1)
		if err != nil {
			return nil, err
		}
		out = append(out, pop.Index(j))
	}
	return starlark.NewList(out), nil
}
