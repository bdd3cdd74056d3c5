package modules

import (
	"fmt"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewTime makes the time module of one interpreter, its members made on
// first look:
//
//	time() monotonic() perf_counter() process_time() sleep(secs)
//	gmtime(secs=None) localtime(secs=None) -> struct_time (a 9-tuple whose items are also attributes), as Python's
//	    (tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec, tm_wday, tm_yday, tm_isdst)
//	mktime(t) strftime(format, t=None) strptime(string, format="%a %b %d %H:%M:%S %Y")
//	ctime(secs=None) asctime(t=None) ("Thu Jan  1 00:00:00 1970")
//	timezone altzone daylight tzname (the local zone's, as CPython finds them
//	    from this year's January and July)
func NewTime() *Lazy { return NewLazy("time", timeMembers) }

// Time holds the time module's functions, the same values in every
// interpreter (logging's Formatter calls its localtime and strftime, and
// knows them by identity).
var Time = &starlarkstruct.Module{Name: "time", Members: builtins(starlark.StringDict{}, map[string]builtinFunc{
	"time":         timeNow,
	"monotonic":    timeMonotonic,
	"perf_counter": timeMonotonic,
	"process_time": timeProcess,
	"sleep":        timeSleep,
	"gmtime":       timeTuple(true),
	"localtime":    timeTuple(false),
	"mktime":       timeMktime,
	"strftime":     timeStrftime,
	"strptime":     timeStrptime,
	"ctime":        timeCtime,
	"asctime":      timeAsctime,
})}

func timeMembers() starlark.StringDict {
	m := starlark.StringDict{}
	for k, v := range Time.Members {
		m[k] = v
	}
	for k, v := range localZone(time.Now()) {
		m[k] = v
	}
	return m
}

// localZone is timezone, altzone, daylight and tzname as CPython sets
// them on Linux: from the local offsets near the start and the middle of
// now's year; the zone with the smaller offset east is standard time
// (January's in the north, July's in the south).
func localZone(now time.Time) starlark.StringDict {
	const year = (365*24 + 6) * 3600
	jan := time.Unix(now.Unix()/year*year, 0).In(time.Local)
	jul := jan.Add(year / 2 * time.Second)
	janName, janOff := jan.Zone()
	julName, julOff := jul.Zone()
	std, dst := -janOff, -julOff
	stdName, dstName := janName, julName
	if -janOff < -julOff {
		std, dst = -julOff, -janOff
		stdName, dstName = julName, janName
	}
	daylight := 0
	if std != dst {
		daylight = 1
	}
	return starlark.StringDict{
		"timezone": starlark.MakeInt(std),
		"altzone":  starlark.MakeInt(dst),
		"daylight": starlark.MakeInt(daylight),
		"tzname":   starlark.Tuple{starlark.String(stdName), starlark.String(dstName)},
	}
}

var start = time.Now()

func timeNow(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Float(float64(time.Now().UnixNano()) / 1e9), nil
}

func timeMonotonic(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Float(time.Since(start).Seconds()), nil
}

// timeProcess is process_time(): the CPU time, user and system, that
// the whole process has used (every thread's, the collector's too), in
// seconds, as Python's from CLOCK_PROCESS_CPUTIME_ID.
func timeProcess(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.Float(float64(ts.Nano()) / 1e9), nil
}

func seconds(fn string, v starlark.Value) (float64, error) {
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, fmt.Errorf("%s: got %s, want float", fn, v.Type())
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s: invalid value %v", fn, f)
	}
	return f, nil
}

func timeSleep(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("sleep", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	f, err := seconds("sleep", v)
	if err != nil {
		return nil, err
	}
	if f < 0 {
		return nil, fmt.Errorf("sleep: sleep length must be non-negative")
	}
	if f > 1e9 {
		return nil, fmt.Errorf("sleep: sleep length is too large")
	}
	time.Sleep(time.Duration(f * float64(time.Second)))
	return starlark.None, nil
}

func toTuple(t time.Time) starlark.Tuple {
	_, offset := t.Zone()
	isdst := 0
	if t.IsDST() {
		isdst = 1
	}
	_ = offset
	return starlark.Tuple{
		starlark.MakeInt(t.Year()), starlark.MakeInt(int(t.Month())), starlark.MakeInt(t.Day()),
		starlark.MakeInt(t.Hour()), starlark.MakeInt(t.Minute()), starlark.MakeInt(t.Second()),
		starlark.MakeInt((int(t.Weekday()) + 6) % 7), starlark.MakeInt(t.YearDay()), starlark.MakeInt(isdst),
	}
}

func timeTuple(utc bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &v); err != nil {
			return nil, err
		}
		t, err := timeOf(v, utc)
		if err != nil {
			return nil, err
		}
		return StructTime{toTuple(t)}, nil
	}
}

func fromTuple(fn string, v starlark.Value) (time.Time, error) {
	t, ok := timeTupleOf(v)
	if !ok || len(t) != 9 {
		return time.Time{}, fmt.Errorf("%s: expected a 9-tuple (year, mon, mday, hour, min, sec, wday, yday, isdst)", fn)
	}
	var n [9]int
	for i, x := range t {
		k, err := starlark.AsInt32(x)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: item %d: got %s, want int", fn, i, x.Type())
		}
		n[i] = k
	}
	return time.Date(n[0], time.Month(n[1]), n[2], n[3], n[4], n[5], 0, time.Local), nil
}

func timeMktime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("mktime", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	t, err := fromTuple("mktime", v)
	if err != nil {
		return nil, err
	}
	return starlark.Float(float64(t.Unix())), nil
}

var days = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// strftime(format, t=None) supports C's directives %a %A %b %B %c %d %H
// %I %j %m %M %p %S %U %w %W %x %X %y %Y %Z %z %e %T %D %F %R %n %t %%.
func timeStrftime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format string
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("strftime", args, kwargs, 1, &format, &v); err != nil {
		return nil, err
	}
	t := time.Now()
	if v != starlark.None {
		var err error
		if t, err = fromTuple("strftime", v); err != nil {
			return nil, err
		}
	}
	var out strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			out.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case 'a':
			out.WriteString(days[t.Weekday()][:3])
		case 'A':
			out.WriteString(days[t.Weekday()])
		case 'b', 'h':
			out.WriteString(t.Month().String()[:3])
		case 'B':
			out.WriteString(t.Month().String())
		case 'c':
			out.WriteString(t.Format("Mon Jan  2 15:04:05 2006"))
		case 'd':
			fmt.Fprintf(&out, "%02d", t.Day())
		case 'e':
			fmt.Fprintf(&out, "%2d", t.Day())
		case 'H':
			fmt.Fprintf(&out, "%02d", t.Hour())
		case 'I':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			fmt.Fprintf(&out, "%02d", h)
		case 'j':
			fmt.Fprintf(&out, "%03d", t.YearDay())
		case 'm':
			fmt.Fprintf(&out, "%02d", int(t.Month()))
		case 'M':
			fmt.Fprintf(&out, "%02d", t.Minute())
		case 'p':
			if t.Hour() < 12 {
				out.WriteString("AM")
			} else {
				out.WriteString("PM")
			}
		case 'S':
			fmt.Fprintf(&out, "%02d", t.Second())
		case 'U':
			fmt.Fprintf(&out, "%02d", (t.YearDay()+6-int(t.Weekday()))/7)
		case 'W':
			fmt.Fprintf(&out, "%02d", (t.YearDay()+6-(int(t.Weekday())+6)%7)/7)
		case 'w':
			fmt.Fprintf(&out, "%d", int(t.Weekday()))
		case 'x', 'D':
			out.WriteString(t.Format("01/02/06"))
		case 'X', 'T':
			out.WriteString(t.Format("15:04:05"))
		case 'F':
			out.WriteString(t.Format("2006-01-02"))
		case 'R':
			out.WriteString(t.Format("15:04"))
		case 'y':
			fmt.Fprintf(&out, "%02d", t.Year()%100)
		case 'Y':
			fmt.Fprintf(&out, "%d", t.Year())
		case 'Z':
			name, _ := t.Zone()
			out.WriteString(name)
		case 'z':
			out.WriteString(t.Format("-0700"))
		case 'n':
			out.WriteByte('\n')
		case 't':
			out.WriteByte('\t')
		case '%':
			out.WriteByte('%')
		default:
			out.WriteByte('%')
			out.WriteByte(format[i])
		}
	}
	return starlark.String(out.String()), nil
}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// asctimeText is C's asctime: "Thu Jan  1 00:00:00 1970"; wday counts
// from Sunday, mon from 0.
func asctimeText(wday, mon, mday, hour, min, sec int, year int64) string {
	return fmt.Sprintf("%s %s%3d %02d:%02d:%02d %d", days[wday][:3], months[mon], mday, hour, min, sec, year)
}

// timeCtime is ctime(secs=None): asctime(localtime(secs)).
func timeCtime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("ctime", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	t, err := timeOf(v, false)
	if err != nil {
		return nil, err
	}
	return starlark.String(asctimeText(int(t.Weekday()), int(t.Month())-1, t.Day(), t.Hour(), t.Minute(), t.Second(), int64(t.Year()))), nil
}

// timeOf is the time of v, seconds since the epoch or None for now, in
// UTC or the local zone; OverflowError (EOVERFLOW) for a year beyond C's
// struct tm.
func timeOf(v starlark.Value, utc bool) (time.Time, error) {
	t := time.Now()
	if v != starlark.None {
		secs, err := timestamp(v)
		if err != nil {
			return t, err
		}
		t = time.Unix(secs, 0)
	}
	if utc {
		t = t.UTC()
	} else {
		t = t.Local()
	}
	if y := int64(t.Year()) - 1900; y < math.MinInt32 || y > math.MaxInt32 {
		return t, oserr.New(unix.EOVERFLOW)
	}
	return t, nil
}

// timestamp is v as whole seconds since the epoch (rounded down), with
// Python's errors for what time_t cannot hold.
func timestamp(v starlark.Value) (int64, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, pyerr.Errorf("OverflowError", "timestamp out of range for platform time_t")
		}
		return n, nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case starlark.Float:
		f := float64(x)
		if math.IsNaN(f) {
			return 0, pyerr.Errorf("ValueError", "Invalid value NaN (not a number)")
		}
		f = math.Floor(f)
		if f < math.MinInt64 || f >= math.MaxInt64 {
			return 0, pyerr.Errorf("OverflowError", "timestamp out of range for platform time_t")
		}
		if math.Abs(f) > 1e17 { // beyond the years a C struct tm holds
			return 0, oserr.New(unix.EOVERFLOW)
		}
		return int64(f), nil
	}
	return 0, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(v))
}

// timeAsctime is asctime(t=None): t, a 9-tuple, as C's asctime writes it
// (its weekday is t's, not computed from the date).
func timeAsctime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("asctime", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	if v == starlark.None {
		v = toTuple(time.Now().Local())
	}
	tm, err := tmArg("asctime", v)
	if err != nil {
		return nil, err
	}
	return starlark.String(asctimeText(int(tm[6]), int(tm[1]), int(tm[2]), int(tm[3]), int(tm[4]), int(tm[5]), tm[0])), nil
}

// tmArg is a 9-tuple as C's struct tm fields, checked as CPython's
// gettmarg and checktm do: year as given, month from 0, weekday from
// Sunday, day of year from 0.
func tmArg(fn string, v starlark.Value) ([9]int64, error) {
	var tm [9]int64
	t, ok := timeTupleOf(v)
	if !ok {
		return tm, pyerr.Errorf("TypeError", "Tuple or struct_time argument required")
	}
	if len(t) != 9 {
		return tm, pyerr.Errorf("TypeError", "%s(): illegal time tuple argument", fn)
	}
	for i, x := range t {
		if i == 0 {
			if b, ok := x.(starlark.Bool); ok {
				x = starlark.MakeInt(map[starlark.Bool]int{false: 0, true: 1}[b])
			}
			n, ok := x.(starlark.Int)
			if !ok {
				return tm, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(x))
			}
			y, ok := n.Int64()
			if !ok || y-1900 < math.MinInt32 || y-1900 > math.MaxInt32 {
				return tm, pyerr.Errorf("OverflowError", "year out of range")
			}
			tm[0] = y
			continue
		}
		n, err := intArg(x)
		if err != nil {
			return tm, err
		}
		tm[i] = int64(n)
	}
	tm[1]--
	tm[6] = (tm[6] + 1) % 7
	tm[7]--
	switch {
	case tm[1] == -1:
		tm[1] = 0
	case tm[1] < 0 || tm[1] > 11:
		return tm, pyerr.Errorf("ValueError", "month out of range")
	}
	switch {
	case tm[2] == 0:
		tm[2] = 1
	case tm[2] < 0 || tm[2] > 31:
		return tm, pyerr.Errorf("ValueError", "day of month out of range")
	}
	if tm[3] < 0 || tm[3] > 23 {
		return tm, pyerr.Errorf("ValueError", "hour out of range")
	}
	if tm[4] < 0 || tm[4] > 59 {
		return tm, pyerr.Errorf("ValueError", "minute out of range")
	}
	if tm[5] < 0 || tm[5] > 61 {
		return tm, pyerr.Errorf("ValueError", "seconds out of range")
	}
	if tm[6] < 0 {
		return tm, pyerr.Errorf("ValueError", "day of week out of range")
	}
	switch {
	case tm[7] == -1:
		tm[7] = 0
	case tm[7] < 0 || tm[7] > 365:
		return tm, pyerr.Errorf("ValueError", "day of year out of range")
	}
	return tm, nil
}
