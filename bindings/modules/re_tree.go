package modules

// A Python pattern once parsed (re_syntax.go): a tree of rxNode, and the
// errors parsing can give.

// Python's flag bits (re.RegexFlag).
const (
	flagTemplate   = 1
	flagIgnoreCase = 2
	flagLocale     = 4
	flagMultiline  = 8
	flagDotAll     = 16
	flagUnicode    = 32
	flagVerbose    = 64
	flagDebug      = 128
	flagASCII      = 256

	typeFlags   = flagASCII | flagLocale | flagUnicode
	globalFlags = flagDebug | flagTemplate
)

// inlineFlags are the letters of (?aiLmsux).
var inlineFlags = map[rune]int{
	'i': flagIgnoreCase, 'L': flagLocale, 'm': flagMultiline, 's': flagDotAll,
	'x': flagVerbose, 'a': flagASCII, 't': flagTemplate, 'u': flagUnicode,
}

// maxRepeat is Python's MAXREPEAT; goMaxRepeat is the largest count Go's
// regexp accepts in {m,n}.
const (
	maxRepeat   = 4294967295
	goMaxRepeat = 1000
)

type rxOp uint8

const (
	rxEmpty   rxOp = iota // matches the empty string
	rxLiteral             // the character r
	rxAny                 // .
	rxClass               // [...], \d, \w, \s and their negations
	rxAt                  // an assertion: at
	rxGroup               // (sub): capturing when group > 0; add/del are scoped flags
	rxConcat              // subs in sequence
	rxAlt                 // subs as alternatives
	rxRepeat              // sub{min,max}, lazy or greedy; max -1 is unbounded
)

// rxAtKind is a zero-width assertion.
type rxAtKind uint8

const (
	atBeginning       rxAtKind = iota // ^
	atBeginningString                 // \A
	atEnd                             // $
	atEndString                       // \Z
	atBoundary                        // \b
	atNonBoundary                     // \B
)

// rxNode is one node of a parsed pattern.
type rxNode struct {
	op       rxOp
	r        rune     // rxLiteral
	cls      *rxSet   // rxClass
	at       rxAtKind // rxAt
	group    int      // rxGroup: the capture's number, 0 when not capturing
	add, del int      // rxGroup: flags turned on and off inside it
	min, max int      // rxRepeat
	lazy     bool     // rxRepeat
	subs     []*rxNode
	pos      int // where in the pattern the node starts (for errors)
}

// rxSet is a set of characters: ranges, and categories (\d \D \w \W \s
// \S, by letter), negated as a whole when negate is set.
type rxSet struct {
	negate bool
	items  []rxSetItem
}

type rxSetItem struct {
	lo, hi rune
	cat    rune // 0 for the range lo-hi; else 'd', 'D', 'w', 'W', 's' or 'S'
}

// rxTree is a parsed pattern with what the parser learnt about it.
type rxTree struct {
	root       *rxNode
	flags      int            // the flags, with the inline global ones and UNICODE for str
	groups     int            // number of capturing groups
	names      map[string]int // group name -> number
	nameOrder  []string       // names in the order they were defined
	closeOrder []int          // closeOrder[g]: when group g's ")" was read, for lastindex
}

// rxError is a bad pattern, reported as Python's re.error: "msg at
// position N" (and the line and column when the pattern has several lines).
type rxError struct {
	msg string
	pos int // in characters
}

// rxUnsupported is a construct Python runs and Go's regexp cannot.
type rxUnsupported struct {
	what string // "backreference \\1"
	pos  int
	why  string // "Go's regexp, RE2, has no backreferences"
}

// rxPyError is a failure Python reports with another class than
// re.error: a bad combination of flags (ValueError), a huge repeat count
// (OverflowError).
type rxPyError struct{ typ, msg string }

func (e *rxError) Error() string       { return e.msg }
func (e *rxUnsupported) Error() string { return e.what }
func (e *rxPyError) Error() string     { return e.msg }
