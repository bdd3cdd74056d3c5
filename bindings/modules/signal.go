package modules

import (
	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"
)

// Signal is the signal module's constants: SIGINT SIGTERM SIGHUP SIGUSR1
// SIGUSR2 SIGQUIT SIGALRM SIGCHLD SIGPIPE SIGWINCH.
var Signal = &starlarkstruct.Module{Name: "signal", Members: starlark.StringDict{
	"SIGINT":   starlark.MakeInt(int(unix.SIGINT)),
	"SIGTERM":  starlark.MakeInt(int(unix.SIGTERM)),
	"SIGHUP":   starlark.MakeInt(int(unix.SIGHUP)),
	"SIGUSR1":  starlark.MakeInt(int(unix.SIGUSR1)),
	"SIGUSR2":  starlark.MakeInt(int(unix.SIGUSR2)),
	"SIGQUIT":  starlark.MakeInt(int(unix.SIGQUIT)),
	"SIGALRM":  starlark.MakeInt(int(unix.SIGALRM)),
	"SIGCHLD":  starlark.MakeInt(int(unix.SIGCHLD)),
	"SIGPIPE":  starlark.MakeInt(int(unix.SIGPIPE)),
	"SIGWINCH": starlark.MakeInt(int(unix.SIGWINCH)),
}}
