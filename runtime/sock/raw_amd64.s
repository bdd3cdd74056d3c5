#include "textflag.h"

// func rawTransfer(trap, fd uintptr, p unsafe.Pointer, n, flags uintptr) (r, errno uintptr)
//
// recvfrom(2) or sendto(2) with no address: the system call made from
// the leaf itself (see RecvNow in sock.go).
TEXT ·rawTransfer(SB),NOSPLIT,$0-56
	MOVQ	fd+8(FP), DI
	MOVQ	p+16(FP), SI
	MOVQ	n+24(FP), DX
	MOVQ	flags+32(FP), R10
	XORQ	R8, R8
	XORQ	R9, R9
	MOVQ	trap+0(FP), AX
	SYSCALL
	CMPQ	AX, $0xfffffffffffff001
	JLS	ok
	MOVQ	$0, r+40(FP)
	NEGQ	AX
	MOVQ	AX, errno+48(FP)
	RET
ok:
	MOVQ	AX, r+40(FP)
	MOVQ	$0, errno+48(FP)
	RET
