/* newsift fuzz targets: the libFuzzer entry point each target defines, and
 * small helpers.  A target checks the invariants its API documents and calls
 * abort() when one breaks, so the fuzzer reports logic errors, not only
 * crashes.  Built two ways: with clang -fsanitize=fuzzer (make fuzz), and with
 * replay.c and gcc into a plain program that runs a corpus (make test). */
#ifndef NEWSIFT_FUZZ_H
#define NEWSIFT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* abort with a message when an invariant breaks */
#define FUZZ_ASSERT(c) do { if (!(c)) { \
	fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid
 * (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). */
static inline size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	if (c < 0x80) return 1;
	size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (!l || c > 0xF4 || n < l) return 0;
	for (size_t i = 1; i < l; i++) if ((s[i] & 0xC0) != 0x80) return 0;
	if (c == 0xE0 && s[1] < 0xA0) return 0;             /* overlong */
	if (c == 0xED && s[1] >= 0xA0) return 0;            /* surrogate */
	if (c == 0xF0 && s[1] < 0x90) return 0;             /* overlong */
	if (c == 0xF4 && s[1] >= 0x90) return 0;            /* > U+10FFFF */
	return l;
}

/* Is s[0, n) valid UTF-8 without NUL bytes? */
static inline int fuzz_valid_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		if (!u[i]) return 0;
		size_t l = fuzz_utf8_len(u + i, n - i);
		if (!l) return 0;
		i += l;
	}
	return 1;
}

#endif
