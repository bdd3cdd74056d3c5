package modules

import (
	"math/big"
)

// mt19937 is the Mersenne Twister generator as CPython's _random module
// runs it: seeded from an int the way random.seed(n) does, it yields the
// same sequence of 32-bit words, and so the same random(), getrandbits()
// and everything built on them.
type mt19937 struct {
	mt  [624]uint32
	mti int
}

func (g *mt19937) initGenrand(s uint32) {
	g.mt[0] = s
	for i := 1; i < len(g.mt); i++ {
		g.mt[i] = 1812433253*(g.mt[i-1]^(g.mt[i-1]>>30)) + uint32(i)
	}
	g.mti = len(g.mt)
}

// initByArray is init_by_array: the state from a key of 32-bit words.
func (g *mt19937) initByArray(key []uint32) {
	const n = 624
	g.initGenrand(19650218)
	i, j := 1, 0
	for k := max(n, len(key)); k > 0; k-- {
		g.mt[i] = (g.mt[i] ^ ((g.mt[i-1] ^ (g.mt[i-1] >> 30)) * 1664525)) + key[j] + uint32(j)
		i++
		j++
		if i >= n {
			g.mt[0] = g.mt[n-1]
			i = 1
		}
		if j >= len(key) {
			j = 0
		}
	}
	for k := n - 1; k > 0; k-- {
		g.mt[i] = (g.mt[i] ^ ((g.mt[i-1] ^ (g.mt[i-1] >> 30)) * 1566083941)) - uint32(i)
		i++
		if i >= n {
			g.mt[0] = g.mt[n-1]
			i = 1
		}
	}
	g.mt[0] = 0x80000000
}

// seedInt is random.seed(n) for an int: the key is |n| in 32-bit words,
// least significant first.
func (g *mt19937) seedInt(n *big.Int) {
	n = new(big.Int).Abs(n)
	var key []uint32
	words := n.Bits() // little-endian machine words
	for _, w := range words {
		for k := 0; k < bitsPerWord/32; k++ {
			key = append(key, uint32(uint64(w)>>(32*k)))
		}
	}
	for len(key) > 1 && key[len(key)-1] == 0 {
		key = key[:len(key)-1]
	}
	if len(key) == 0 {
		key = []uint32{0}
	}
	g.initByArray(key)
}

const bitsPerWord = 32 << (^big.Word(0) >> 63)

// uint32 is genrand_uint32: the next word.
func (g *mt19937) uint32() uint32 {
	const n, m = 624, 397
	mag01 := [2]uint32{0, 0x9908b0df}
	if g.mti >= n {
		var kk int
		for kk = 0; kk < n-m; kk++ {
			y := g.mt[kk]&0x80000000 | g.mt[kk+1]&0x7fffffff
			g.mt[kk] = g.mt[kk+m] ^ (y >> 1) ^ mag01[y&1]
		}
		for ; kk < n-1; kk++ {
			y := g.mt[kk]&0x80000000 | g.mt[kk+1]&0x7fffffff
			g.mt[kk] = g.mt[kk+(m-n)] ^ (y >> 1) ^ mag01[y&1]
		}
		y := g.mt[n-1]&0x80000000 | g.mt[0]&0x7fffffff
		g.mt[n-1] = g.mt[m-1] ^ (y >> 1) ^ mag01[y&1]
		g.mti = 0
	}
	y := g.mt[g.mti]
	g.mti++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// random is random.random(): 53 random bits as a float in [0, 1).
func (g *mt19937) random() float64 {
	a, b := g.uint32()>>5, g.uint32()>>6
	return (float64(a)*67108864.0 + float64(b)) * (1.0 / 9007199254740992.0)
}

// getrandbits is random.getrandbits(k), k > 0: words from the least
// significant, the last one cut to what is left of k.
func (g *mt19937) getrandbits(k int) *big.Int {
	if k <= 32 {
		return new(big.Int).SetUint64(uint64(g.uint32() >> (32 - k)))
	}
	words := (k-1)/32 + 1
	n := new(big.Int)
	for i := 0; i < words; i++ {
		r := g.uint32()
		if k < 32 {
			r >>= 32 - k
		}
		n.Or(n, new(big.Int).Lsh(new(big.Int).SetUint64(uint64(r)), uint(32*i)))
		k -= 32
	}
	return n
}

// randbelow is random._randbelow(n), n > 0: getrandbits of n's length
// until one is below n.
func (g *mt19937) randbelow(n *big.Int) *big.Int {
	k := n.BitLen()
	for {
		r := g.getrandbits(k)
		if r.Cmp(n) < 0 {
			return r
		}
	}
}

// randbelowInt is randbelow for a small n.
func (g *mt19937) randbelowInt(n int) int {
	return int(g.randbelow(big.NewInt(int64(n))).Int64())
}
