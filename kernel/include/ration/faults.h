/* Fault messages. A thread that faults makes an implicit Call on the
 * endpoint in its TCB's fault slot: the message label says what happened
 * and the words say where. Replying with label 0 restarts the thread (at
 * the faulting instruction, with any registers the handler wrote through
 * TCB_WriteRegisters); any other label leaves it suspended. With no fault
 * endpoint, the thread is suspended and the kernel logs why. */
#ifndef RATION_FAULTS_H
#define RATION_FAULTS_H

enum rn_fault {
	RN_FAULT_NONE = 0,
	RN_FAULT_VM = 1,              /* mr0 pc, mr1 address, mr2 access, mr3 scause */
	RN_FAULT_CAP = 2,             /* mr0 cptr, mr1 lookup failure, mr2 bits left */
	RN_FAULT_UNKNOWN_SYSCALL = 3, /* mr0 syscall number, mr1 pc */
	RN_FAULT_USER_EXCEPTION = 4,  /* mr0 pc, mr1 scause, mr2 stval */
};

/* RN_FAULT_VM access kinds (mr2). */
#define RN_FAULT_ACCESS_READ    0
#define RN_FAULT_ACCESS_WRITE   1
#define RN_FAULT_ACCESS_EXECUTE 2

/* Label of a message the kernel delivers when the IPC a thread waited in
 * was cancelled (endpoint, notification or reply object deleted). */
#define RN_LABEL_IPC_CANCELLED ((1ull << 52) - 1)

#endif
