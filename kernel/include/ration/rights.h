/* Capability access rights. Every capability carries all three bits; a
 * derived capability (Copy, Mint) can only keep or drop them. Which
 * operations need which right is a property of the object type: endpoints
 * need Write to send, Read to receive, Grant to pass capabilities; frames
 * need Write for a writable mapping. Untyped and CNode invocations do not
 * look at rights (as in seL4). */
#ifndef RATION_RIGHTS_H
#define RATION_RIGHTS_H

#define RN_RIGHT_READ  0x1u
#define RN_RIGHT_WRITE 0x2u
#define RN_RIGHT_GRANT 0x4u
#define RN_RIGHTS_ALL  0x7u

#endif
