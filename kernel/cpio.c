/* cpio newc reader (format in cpio.h). */
#include "kernel/cpio.h"

#define HEADER_SIZE  110
#define FIELD(n)     (6 + 8 * (n)) /* offset of field n after the magic */
#define F_MODE       1
#define F_MTIME      5
#define F_FILESIZE   6
#define F_NAMESIZE   11
#define NAME_MAX_LEN 4096

/* Parses 8 hex digits; false if any is not a hex digit. */
static bool parse_hex8(const char *s, uint32_t *out)
{
	uint32_t v = 0;
	for (int i = 0; i < 8; i++) {
		char c = s[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return false;
		v = v << 4 | d;
	}
	*out = v;
	return true;
}

static bool same_string(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static const char *skip_dot_slash(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	while (s[0] == '/')
		s++;
	return s;
}

int cpio_next(const void *archive, word_t size, word_t *offset, struct cpio_entry *e,
              const char **err)
{
	const char *base = archive;
	word_t off = *offset;
	if (off > size || size - off < HEADER_SIZE) {
		*err = "cpio: archive ends inside a header (no trailer)";
		return -1;
	}
	const char *h = base + off;
	if (!(h[0] == '0' && h[1] == '7' && h[2] == '0' && h[3] == '7' && h[4] == '0' &&
	      (h[5] == '1' || h[5] == '2'))) {
		*err = "cpio: bad magic (not a newc archive)";
		return -1;
	}
	uint32_t mode, filesize, namesize;
	if (!parse_hex8(h + FIELD(F_MODE), &mode) ||
	    !parse_hex8(h + FIELD(F_FILESIZE), &filesize) ||
	    !parse_hex8(h + FIELD(F_NAMESIZE), &namesize)) {
		*err = "cpio: header field is not hexadecimal";
		return -1;
	}
	if (namesize == 0 || namesize > NAME_MAX_LEN) {
		*err = "cpio: bad name size";
		return -1;
	}
	word_t name_off = off + HEADER_SIZE;
	if (size - name_off < namesize) {
		*err = "cpio: name runs past the archive";
		return -1;
	}
	const char *name = base + name_off;
	if (name[namesize - 1] != '\0') {
		*err = "cpio: name is not NUL-terminated";
		return -1;
	}
	for (uint32_t i = 0; i + 1 < namesize; i++) {
		if (name[i] == '\0') {
			*err = "cpio: NUL inside a name";
			return -1;
		}
	}
	word_t data_off = ALIGN_UP(name_off + namesize, 4);
	if (data_off > size || size - data_off < filesize) {
		*err = "cpio: file data runs past the archive";
		return -1;
	}
	if (same_string(name, "TRAILER!!!"))
		return 0;
	word_t next = ALIGN_UP(data_off + filesize, 4);
	*e = (struct cpio_entry){
		.name = skip_dot_slash(name),
		.data = base + data_off,
		.size = filesize,
		.mode = mode,
		.header = h,
	};
	/* Padding may be cut at the very end; the next read reports that. */
	*offset = next;
	return 1;
}

int cpio_find(const void *archive, word_t size, const char *path, struct cpio_entry *e,
              const char **err)
{
	path = skip_dot_slash(path);
	word_t off = 0;
	for (;;) {
		int r = cpio_next(archive, size, &off, e, err);
		if (r <= 0)
			return r;
		if (same_string(e->name, path))
			return 1;
	}
}

uint32_t cpio_mtime(const struct cpio_entry *e)
{
	uint32_t mtime;
	return parse_hex8(e->header + FIELD(F_MTIME), &mtime) ? mtime : 0;
}
