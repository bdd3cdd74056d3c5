//go:build !(linux && (amd64 || arm64 || riscv64 || ppc64 || ppc64le || s390x || loong64 || mips64 || mips64le))

package modules

// sysFstatat is -1 where unix.Fstatat takes another system call or
// structure (32-bit systems): stats go through golang.org/x/sys.
var sysFstatat = -1
