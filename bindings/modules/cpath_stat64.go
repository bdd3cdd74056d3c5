//go:build linux && (amd64 || arm64 || riscv64 || ppc64 || ppc64le || s390x || loong64 || mips64 || mips64le)

package modules

import "golang.org/x/sys/unix"

// sysFstatat is the system call unix.Fstatat makes here.
const sysFstatat = unix.SYS_NEWFSTATAT
