/* cksum: the POSIX checksum and size of files.
 *   cksum [file...]
 * Prints "crc bytes name" (no name for the standard input): the CRC-32 of
 * POSIX's cksum (polynomial 0x04c11db7, most significant bit first, no
 * reflection), over the file's bytes followed by its length in as few
 * bytes as hold it, least significant first, then complemented. */
#include <stdint.h>
#include <stdio.h>
#include "apps/lib/input.h"
#include "apps/lib/options.h"
#include "apps/lib/output.h"

static uint32_t table[256];

static void make_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i << 24;
		for (int k = 0; k < 8; k++)
			c = c & 0x80000000u ? (c << 1) ^ 0x04c11db7u : c << 1;
		table[i] = c;
	}
}

static uint32_t crc_byte(uint32_t crc, unsigned char b)
{
	return (crc << 8) ^ table[(crc >> 24) ^ b];
}

static int sum_file(const char *name)
{
	FILE *f = input_open("cksum", name ? name : "-");
	unsigned char buf[4096];
	uint32_t crc = 0;
	uint64_t len = 0;
	size_t n;

	if (!f)
		return 1;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		for (size_t i = 0; i < n; i++)
			crc = crc_byte(crc, buf[i]);
		len += n;
	}
	int bad = ferror(f);
	if (bad)
		fprintf(stderr, "cksum: %s: read error\n", name ? name : "-");
	input_close(f);
	if (bad)
		return 1;
	for (uint64_t l = len; l; l >>= 8)
		crc = crc_byte(crc, (unsigned char)l);
	printf("%lu %llu", (unsigned long)~crc, (unsigned long long)len);
	if (name)
		printf(" %s", name);
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	char *arg;
	int status = 0;

	if (option_arg(argc, argv, "cksum", "", &arg) != -1) {
		fputs("usage: cksum [file...]\n", stderr);
		return 2;
	}
	make_table();
	if (optind >= argc)
		status = sum_file(NULL);
	for (int i = optind; i < argc; i++)
		status |= sum_file(argv[i]);
	return output_flush("cksum") < 0 ? 1 : status;
}
