package modules

import (
	"fmt"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewDatetime makes the datetime module: naive dates and times (no time
// zones) and their differences, as Python's:
//
//	datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0)
//	    datetime.now() utcnow() fromtimestamp(t) utcfromtimestamp(t)
//	    strptime(date_string, format)
//	    .year .month .day .hour .minute .second .microsecond
//	    .strftime(format) .isoformat(sep="T") .timestamp() .timetuple()
//	    .weekday() .isoweekday(); d1 - d2 -> timedelta; d +/- timedelta
//	timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)
//	    .days .seconds .microseconds .total_seconds(); + - * (an int), -td, abs()
//	MINYEAR MAXYEAR
//
// Both compare and hash as Python's; str() and repr() are Python's.
// strptime reads the directives time.strptime reads but %f (microseconds)
// and %z, which it refuses (NotImplementedError). A tzinfo argument is
// refused the same way. pyftpdlib's MFMT command uses utcfromtimestamp,
// strptime and total_seconds.
func NewDatetime() *Lazy {
	return NewLazy("datetime", func() starlark.StringDict {
		return starlark.StringDict{
			"datetime":  datetimeType,
			"timedelta": timedeltaType,
			"MINYEAR":   starlark.MakeInt(1),
			"MAXYEAR":   starlark.MakeInt(9999),
		}
	})
}

// dtClass is datetime.datetime or datetime.timedelta: called, it makes
// a value; its attributes are its class methods.
type dtClass struct {
	name    string
	make    builtinFunc
	methods map[string]builtinFunc
}

var (
	_ starlark.Callable = (*dtClass)(nil)
	_ starlark.HasAttrs = (*dtClass)(nil)
)

func (c *dtClass) String() string        { return "<class 'datetime." + c.name + "'>" }
func (c *dtClass) Type() string          { return "type" }
func (c *dtClass) Freeze()               {}
func (c *dtClass) Truth() starlark.Bool  { return true }
func (c *dtClass) Hash() (uint32, error) { return starlark.String(c.name).Hash() }
func (c *dtClass) Name() string          { return c.name }
func (c *dtClass) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.make(th, starlark.NewBuiltin(c.name, c.make), args, kwargs)
}
func (c *dtClass) Attr(name string) (starlark.Value, error) {
	if fn, ok := c.methods[name]; ok {
		return starlark.NewBuiltin(name, fn), nil
	}
	return nil, nil
}
func (c *dtClass) AttrNames() []string { return methodNames(c.methods) }

var datetimeType = &dtClass{name: "datetime", make: newDatetime, methods: map[string]builtinFunc{
	"now": datetimeNow(false), "utcnow": datetimeNow(true),
	"fromtimestamp": datetimeFromTimestamp(false), "utcfromtimestamp": datetimeFromTimestamp(true),
	"strptime": datetimeStrptime,
}}

var timedeltaType = &dtClass{name: "timedelta", make: newTimedelta}

// Datetime is a naive datetime: its fields are those of t, a time in UTC
// that stands for a wall-clock time in no zone (microseconds in t's
// nanoseconds).
type Datetime struct{ t time.Time }

var (
	_ starlark.HasAttrs   = Datetime{}
	_ starlark.HasBinary  = Datetime{}
	_ starlark.Comparable = Datetime{}
)

func (d Datetime) micro() int { return d.t.Nanosecond() / 1000 }

func (d Datetime) String() string {
	s := d.t.Format("2006-01-02 15:04:05")
	if us := d.micro(); us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	return s
}

// PyRepr is Python's repr: datetime.datetime(2020, 1, 2, 3, 4), the
// seconds and microseconds only when they are not zero.
func (d Datetime) PyRepr() string {
	parts := []int{d.t.Year(), int(d.t.Month()), d.t.Day(), d.t.Hour(), d.t.Minute()}
	if d.t.Second() != 0 || d.micro() != 0 {
		parts = append(parts, d.t.Second())
	}
	if d.micro() != 0 {
		parts = append(parts, d.micro())
	}
	return "datetime.datetime(" + strings.Trim(strings.Join(strings.Fields(fmt.Sprint(parts)), ", "), "[]") + ")"
}

func (d Datetime) Type() string          { return "datetime.datetime" }
func (d Datetime) Freeze()               {}
func (d Datetime) Truth() starlark.Bool  { return true }
func (d Datetime) Hash() (uint32, error) { return uint32(d.t.UnixNano() ^ d.t.UnixNano()>>32), nil }

func (d Datetime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return compareInt64(op, d.t.UnixNano()/1000, y.(Datetime).t.UnixNano()/1000)
}

func compareInt64(op syntax.Token, x, y int64) (bool, error) {
	return starlark.CompareDepth(op, starlark.MakeInt64(x), starlark.MakeInt64(y), 1)
}

func (d Datetime) Attr(name string) (starlark.Value, error) {
	switch name {
	case "year":
		return starlark.MakeInt(d.t.Year()), nil
	case "month":
		return starlark.MakeInt(int(d.t.Month())), nil
	case "day":
		return starlark.MakeInt(d.t.Day()), nil
	case "hour":
		return starlark.MakeInt(d.t.Hour()), nil
	case "minute":
		return starlark.MakeInt(d.t.Minute()), nil
	case "second":
		return starlark.MakeInt(d.t.Second()), nil
	case "microsecond":
		return starlark.MakeInt(d.micro()), nil
	}
	return methodAttr(d, name, datetimeMethods), nil
}

func (d Datetime) AttrNames() []string {
	return methodNames(datetimeMethods, "year", "month", "day", "hour", "minute", "second", "microsecond")
}

var datetimeMethods = map[string]builtinFunc{
	"strftime": datetimeStrftime, "isoformat": datetimeIsoformat, "timestamp": datetimeTimestamp,
	"timetuple": datetimeTimetuple, "weekday": datetimeWeekday(0), "isoweekday": datetimeWeekday(1),
}

func (d Datetime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		if side != starlark.Left {
			return nil, nil
		}
		switch y := y.(type) {
		case Datetime:
			return Timedelta{us: d.t.Sub(y.t).Microseconds()}, nil
		case Timedelta:
			return d.plus(-y.us)
		}
	case syntax.PLUS:
		if y, ok := y.(Timedelta); ok {
			return d.plus(y.us)
		}
	}
	return nil, nil
}

// plus is d moved by us microseconds, within years 1 to 9999.
func (d Datetime) plus(us int64) (starlark.Value, error) {
	t := d.t.Add(time.Duration(us) * time.Microsecond)
	if us > 0 && t.Before(d.t) || us < 0 && t.After(d.t) || t.Year() < 1 || t.Year() > 9999 || math.Abs(float64(us)) > 4e17 {
		return nil, pyerr.Errorf("OverflowError", "date value out of range")
	}
	return Datetime{t}, nil
}

// makeDatetime checks the fields as Python's constructor does.
func makeDatetime(year, month, day, hour, minute, second, us int) (Datetime, error) {
	switch {
	case year < 1 || year > 9999:
		return Datetime{}, pyerr.Errorf("ValueError", "year %d is out of range", year)
	case month < 1 || month > 12:
		return Datetime{}, pyerr.Errorf("ValueError", "month must be in 1..12")
	case day < 1 || day > daysIn(year, month):
		return Datetime{}, pyerr.Errorf("ValueError", "day is out of range for month")
	case hour < 0 || hour > 23:
		return Datetime{}, pyerr.Errorf("ValueError", "hour must be in 0..23")
	case minute < 0 || minute > 59:
		return Datetime{}, pyerr.Errorf("ValueError", "minute must be in 0..59")
	case second < 0 || second > 59:
		return Datetime{}, pyerr.Errorf("ValueError", "second must be in 0..59")
	case us < 0 || us > 999999:
		return Datetime{}, pyerr.Errorf("ValueError", "microsecond must be in 0..999999")
	}
	return Datetime{time.Date(year, time.Month(month), day, hour, minute, second, us*1000, time.UTC)}, nil
}

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func newDatetime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var year, month, day, hour, minute, second, us int
	var tz starlark.Value = starlark.None
	if err := starlark.UnpackArgs("datetime", args, kwargs, "year", &year, "month", &month, "day", &day,
		"hour?", &hour, "minute?", &minute, "second?", &second, "microsecond?", &us, "tzinfo?", &tz); err != nil {
		return nil, pyerr.Errorf("TypeError", "%v", err)
	}
	if tz != starlark.None {
		return nil, pyerr.Errorf("NotImplementedError", "datetime: pyasync's datetimes have no time zone (tzinfo)")
	}
	return makeDatetime(year, month, day, hour, minute, second, us)
}

func datetimeNow(utc bool) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return wallClock(time.Now(), utc), nil
	}
}

// wallClock is the naive datetime of instant t, in UTC or the local zone.
func wallClock(t time.Time, utc bool) Datetime {
	if utc {
		t = t.UTC()
	} else {
		t = t.Local()
	}
	return Datetime{time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000*1000, time.UTC)}
}

func datetimeFromTimestamp(utc bool) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var ts starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &ts); err != nil {
			return nil, err
		}
		f, ok := starlark.AsFloat(ts)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(ts))
		}
		if math.IsNaN(f) {
			return nil, pyerr.Errorf("ValueError", "Invalid value NaN (not a number)")
		}
		if math.Abs(f) > 253402300800 {
			return nil, pyerr.Errorf("ValueError", "year is out of range")
		}
		secs := math.Floor(f)
		us := math.RoundToEven((f - secs) * 1e6)
		d := wallClock(time.Unix(int64(secs), int64(us)*1000), utc)
		if d.t.Year() < 1 || d.t.Year() > 9999 {
			return nil, pyerr.Errorf("ValueError", "year %d is out of range", d.t.Year())
		}
		return d, nil
	}
}

func datetimeStrptime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, format starlark.Value
	if err := starlark.UnpackPositionalArgs("strptime", args, kwargs, 2, &s, &format); err != nil {
		return nil, err
	}
	for i, v := range []starlark.Value{s, format} {
		if _, ok := v.(starlark.String); !ok {
			return nil, pyerr.Errorf("TypeError", "strptime() argument %d must be str, not %s", i+1, pyType(v))
		}
	}
	f := string(format.(starlark.String))
	if strings.Contains(f, "%f") || strings.Contains(f, "%z") {
		return nil, pyerr.Errorf("NotImplementedError", "datetime.strptime: pyasync reads neither %%f nor %%z")
	}
	tm, err := strptime(string(s.(starlark.String)), f, localZone(time.Now()))
	if err != nil {
		return nil, err
	}
	return makeDatetime(tm[0], tm[1], tm[2], tm[3], tm[4], tm[5], 0)
}

func recvDatetime(b *starlark.Builtin) Datetime { return b.Receiver().(Datetime) }

// timetuple is d's struct_time (isdst -1, as Python's naive datetimes).
func (d Datetime) timetuple() StructTime {
	t := d.t
	return StructTime{starlark.Tuple{
		starlark.MakeInt(t.Year()), starlark.MakeInt(int(t.Month())), starlark.MakeInt(t.Day()),
		starlark.MakeInt(t.Hour()), starlark.MakeInt(t.Minute()), starlark.MakeInt(t.Second()),
		starlark.MakeInt((int(t.Weekday()) + 6) % 7), starlark.MakeInt(t.YearDay()), starlark.MakeInt(-1),
	}}
}

func datetimeStrftime(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var format starlark.Value
	if err := starlark.UnpackPositionalArgs("strftime", args, kwargs, 1, &format); err != nil {
		return nil, err
	}
	f, ok := format.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "strftime() argument 1 must be str, not %s", pyType(format))
	}
	d := recvDatetime(b)
	// %f is the datetime's own; the rest is time.strftime's
	s := strings.ReplaceAll(strings.ReplaceAll(string(f), "%%", "\x00"), "%f", fmt.Sprintf("%06d", d.micro()))
	s = strings.ReplaceAll(s, "\x00", "%%")
	return timeStrftime(th, b, starlark.Tuple{starlark.String(s), d.timetuple().Tuple}, nil)
}

func datetimeIsoformat(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep := "T"
	if err := starlark.UnpackArgs("isoformat", args, kwargs, "sep?", &sep); err != nil {
		return nil, err
	}
	s := recvDatetime(b).String()
	return starlark.String(s[:10] + sep + s[11:]), nil
}

func datetimeTimestamp(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("timestamp", args, kwargs, 0); err != nil {
		return nil, err
	}
	t := recvDatetime(b).t
	local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.Local)
	return starlark.Float(float64(local.Unix()) + float64(t.Nanosecond()/1000)/1e6), nil
}

func datetimeTimetuple(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("timetuple", args, kwargs, 0); err != nil {
		return nil, err
	}
	return recvDatetime(b).timetuple(), nil
}

func datetimeWeekday(from int) builtinFunc {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.MakeInt((int(recvDatetime(b).t.Weekday())+6)%7 + from), nil
	}
}

// Timedelta is a duration in microseconds, shown as Python's
// (days, seconds, microseconds) with 0 <= seconds < 86400.
type Timedelta struct{ us int64 }

var (
	_ starlark.HasAttrs   = Timedelta{}
	_ starlark.HasBinary  = Timedelta{}
	_ starlark.HasUnary   = Timedelta{}
	_ starlark.Comparable = Timedelta{}
)

const usPerDay = 86400 * 1000000

// parts are Python's days, seconds and microseconds.
func (d Timedelta) parts() (days, secs, us int64) {
	days = d.us / usPerDay
	rest := d.us % usPerDay
	if rest < 0 {
		days--
		rest += usPerDay
	}
	return days, rest / 1000000, rest % 1000000
}

func (d Timedelta) String() string {
	days, secs, us := d.parts()
	s := fmt.Sprintf("%d:%02d:%02d", secs/3600, secs/60%60, secs%60)
	if us != 0 {
		s += fmt.Sprintf(".%06d", us)
	}
	if days != 0 {
		plural := "s"
		if days == 1 || days == -1 {
			plural = ""
		}
		s = fmt.Sprintf("%d day%s, %s", days, plural, s)
	}
	return s
}

// PyRepr is Python's repr: datetime.timedelta(days=1, seconds=5), or
// datetime.timedelta(0).
func (d Timedelta) PyRepr() string {
	days, secs, us := d.parts()
	var parts []string
	for _, p := range []struct {
		name string
		n    int64
	}{{"days", days}, {"seconds", secs}, {"microseconds", us}} {
		if p.n != 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", p.name, p.n))
		}
	}
	if parts == nil {
		parts = []string{"0"}
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

func (d Timedelta) Type() string          { return "datetime.timedelta" }
func (d Timedelta) Freeze()               {}
func (d Timedelta) Truth() starlark.Bool  { return d.us != 0 }
func (d Timedelta) Hash() (uint32, error) { return uint32(d.us ^ d.us>>32), nil }

func (d Timedelta) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return compareInt64(op, d.us, y.(Timedelta).us)
}

func (d Timedelta) Attr(name string) (starlark.Value, error) {
	days, secs, us := d.parts()
	switch name {
	case "days":
		return starlark.MakeInt64(days), nil
	case "seconds":
		return starlark.MakeInt64(secs), nil
	case "microseconds":
		return starlark.MakeInt64(us), nil
	case "total_seconds":
		return starlark.NewBuiltin("total_seconds", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("total_seconds", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Float(float64(d.us) / 1e6), nil
		}), nil
	}
	return nil, nil
}

func (d Timedelta) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}

// maxTimedeltaDays bounds a timedelta: what int64 microseconds hold
// (Python's reaches 999999999 days).
const maxTimedeltaDays = 106751991

func checkedTimedelta(us int64) (starlark.Value, error) {
	if us > maxTimedeltaDays*usPerDay || us < -maxTimedeltaDays*usPerDay {
		return nil, pyerr.Errorf("OverflowError", "days=%d; must have magnitude <= %d", us/usPerDay, maxTimedeltaDays)
	}
	return Timedelta{us}, nil
}

func (d Timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		switch op {
		case syntax.PLUS:
			return checkedTimedelta(d.us + y.us)
		case syntax.MINUS:
			if side == starlark.Left {
				return checkedTimedelta(d.us - y.us)
			}
			return checkedTimedelta(y.us - d.us)
		}
	case starlark.Int:
		if op == syntax.STAR {
			n, ok := y.Int64()
			if !ok || n > 1<<40 || n < -(1<<40) || n != 0 && (d.us*n)/n != d.us {
				return nil, pyerr.Errorf("OverflowError", "days; must have magnitude <= %d", maxTimedeltaDays)
			}
			return checkedTimedelta(d.us * n)
		}
	case Datetime:
		if op == syntax.PLUS {
			return y.plus(d.us)
		}
	}
	return nil, nil
}

func (d Timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return checkedTimedelta(-d.us)
	case syntax.PLUS:
		return d, nil
	}
	return nil, nil
}

func newTimedelta(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var days, secs, us, ms, mins, hours, weeks starlark.Value = zero, zero, zero, zero, zero, zero, zero
	if err := starlark.UnpackArgs("timedelta", args, kwargs, "days?", &days, "seconds?", &secs, "microseconds?", &us,
		"milliseconds?", &ms, "minutes?", &mins, "hours?", &hours, "weeks?", &weeks); err != nil {
		return nil, pyerr.Errorf("TypeError", "%v", err)
	}
	total := 0.0
	var exact int64
	for _, p := range []struct {
		v    starlark.Value
		unit int64
	}{{days, usPerDay}, {secs, 1000000}, {us, 1}, {ms, 1000}, {mins, 60000000}, {hours, 3600000000}, {weeks, 7 * usPerDay}} {
		switch v := p.v.(type) {
		case starlark.Int:
			n, ok := v.Int64()
			if !ok || n > 1e12 || n < -1e12 {
				return nil, pyerr.Errorf("OverflowError", "days=%s; must have magnitude <= %d", v, maxTimedeltaDays)
			}
			exact += n * p.unit
		case starlark.Float:
			total += float64(v) * float64(p.unit)
		default:
			return nil, pyerr.Errorf("TypeError", "unsupported type for timedelta %s component: %s", map[int64]string{
				usPerDay: "days", 1000000: "seconds", 1: "microseconds", 1000: "milliseconds", 60000000: "minutes",
				3600000000: "hours", 7 * usPerDay: "weeks"}[p.unit], pyType(v))
		}
	}
	if math.IsNaN(total) || math.Abs(total) > maxTimedeltaDays*usPerDay {
		return nil, pyerr.Errorf("OverflowError", "cannot convert float to integer")
	}
	return checkedTimedelta(exact + int64(math.RoundToEven(total)))
}

var zero = starlark.MakeInt(0)
