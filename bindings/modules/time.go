package modules

import (
	"fmt"
	"math"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// Time is the time module:
//
//	time() monotonic() perf_counter() process_time() sleep(secs)
//	gmtime(secs=None) localtime(secs=None) -> 9-tuples as Python's
//	    (tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec, tm_wday, tm_yday, tm_isdst)
//	mktime(t) strftime(format, t=None)
var Time = &starlarkstruct.Module{Name: "time", Members: starlark.StringDict{
	"time":         starlark.NewBuiltin("time", timeNow),
	"monotonic":    starlark.NewBuiltin("monotonic", timeMonotonic),
	"perf_counter": starlark.NewBuiltin("perf_counter", timeMonotonic),
	"process_time": starlark.NewBuiltin("process_time", timeProcess),
	"sleep":        starlark.NewBuiltin("sleep", timeSleep),
	"gmtime":       starlark.NewBuiltin("gmtime", timeTuple(true)),
	"localtime":    starlark.NewBuiltin("localtime", timeTuple(false)),
	"mktime":       starlark.NewBuiltin("mktime", timeMktime),
	"strftime":     starlark.NewBuiltin("strftime", timeStrftime),
}}

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
		t := time.Now()
		if v != starlark.None {
			f, err := seconds(b.Name(), v)
			if err != nil {
				return nil, err
			}
			if math.Abs(f) > 1e14 {
				return nil, fmt.Errorf("%s: timestamp out of range", b.Name())
			}
			t = time.Unix(int64(math.Floor(f)), 0)
		}
		if utc {
			t = t.UTC()
		} else {
			t = t.Local()
		}
		return toTuple(t), nil
	}
}

func fromTuple(fn string, v starlark.Value) (time.Time, error) {
	t, ok := v.(starlark.Tuple)
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
