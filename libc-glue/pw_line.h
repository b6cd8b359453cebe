/* Reading lines of /etc/passwd and /etc/group, apart from the files, so
 * that the host tests can run it (tests/unit/test_pw_line.c). */
#ifndef LIBC_GLUE_PW_LINE_H
#define LIBC_GLUE_PW_LINE_H

#define PW_FIELDS 7 /* name:password:uid:gid:gecos:home:shell */
#define GR_FIELDS 4 /* name:password:gid:member,member,... */

/* Splits a line at its colons, in place (field[i] points into line), its
 * newline dropped. 0 if it has exactly n fields and its numeric fields
 * (2, and 3 for a passwd line) are numbers; -1 for anything else (a blank
 * line, a comment, a broken entry), which a reader skips. */
int pw_split(char *line, char *field[], int n);

/* A user or group number: 0 and *id set, or -1 if s is not one (empty,
 * not decimal, or over 2^32 - 1). */
int pw_id(const char *s, unsigned *id);

/* Splits a group's member list ("a,b,c", or "") in place into mem[], NULL
 * after the last; the count, or -1 if more than max - 1. */
int pw_members(char *list, char *mem[], int max);

#endif
