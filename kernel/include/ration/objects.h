/* Kernel object types and their sizes: one fact, one place. The kernel and
 * user level both include this header.
 *
 * Every object is 2^bits bytes and is placed at a 2^bits-aligned physical
 * address inside the untyped it was retyped from. Most types have a fixed
 * size; Untyped and CNode take the size from the caller of Retype:
 *   Untyped: user size bits = log2(bytes), RN_UNTYPED_MIN_BITS..MAX_BITS
 *   CNode:   user size bits = radix (log2 of the slot count),
 *            RN_CNODE_MIN_RADIX..RN_CNODE_MAX_RADIX;
 *            object bits = radix + RN_SLOT_BITS
 * For the other types the user size bits argument is ignored (as in seL4). */
#ifndef RATION_OBJECTS_H
#define RATION_OBJECTS_H

#include <ration/types.h>

enum rn_object_type {
	RN_OBJ_UNTYPED = 0,
	RN_OBJ_TCB = 1,
	RN_OBJ_ENDPOINT = 2,
	RN_OBJ_NOTIFICATION = 3,
	RN_OBJ_REPLY = 4,
	RN_OBJ_CNODE = 5,
	RN_OBJ_FRAME_4K = 6,
	RN_OBJ_FRAME_2M = 7,
	RN_OBJ_PAGE_TABLE = 8, /* every Sv39 level; the top one is a VSpace */
	RN_OBJ_SCHED_GROUP = 9, /* threads that share one turn (kernel/sched.h) */
	RN_OBJ_TYPE_COUNT
};

/* Fixed object sizes, log2 bytes. */
#define RN_TCB_BITS          10 /* 1 KiB for now (issue 4 may grow it) */
#define RN_ENDPOINT_BITS     4
#define RN_NOTIFICATION_BITS 5
#define RN_REPLY_BITS        5
#define RN_FRAME_4K_BITS     12
#define RN_FRAME_2M_BITS     21
#define RN_PAGE_TABLE_BITS   12 /* 512 eight-byte PTEs */
#define RN_ASID_POOL_BITS    12 /* made by ASIDControl_MakePool, not Retype */
#define RN_SCHED_GROUP_BITS  7

/* One CNode slot: a two-word capability plus its two derivation-tree links. */
#define RN_SLOT_BITS 5

#define RN_UNTYPED_MIN_BITS 4  /* the smallest object (an endpoint) */
#define RN_UNTYPED_MAX_BITS 38 /* 256 GiB */
#define RN_CNODE_MIN_RADIX  1  /* a radix-0 CNode would resolve no bits */
#define RN_CNODE_MAX_RADIX  24 /* 16 Mi slots, 512 MiB */

/* Retype makes at most this many objects per call, which bounds the work of
 * one invocation (seL4's retype fan-out limit). */
#define RN_RETYPE_MAX_OBJECTS 256

#endif
