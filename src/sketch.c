/* newsift — classic MinHash.
 *
 * For each shingle x and each i the value a_i * x + b_i is computed in 64-bit
 * arithmetic (wrapping); a_i is odd so the map is a bijection of 2^64, and
 * its high bits mix all bits of x.  The minimum per i is kept; the stored
 * value is its high 32 bits, which keeps a signature at 4 bytes per value.
 * The inner loop runs over i for one shingle so it vectorises. */
#include <stdlib.h>
#include "internal.h"
#include "newsift/sketch.h"

uint64_t ns_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

ns_status ns_minhash_init(ns_minhash *m, uint32_t num_perm, uint64_t seed)
{
	m->num_perm = num_perm;
	m->a = malloc(num_perm * sizeof(uint64_t));
	m->b = malloc(num_perm * sizeof(uint64_t));
	if (!m->a || !m->b) { ns_minhash_free(m); return NS_ERR_NOMEM; }
	uint64_t st = seed;
	for (uint32_t i = 0; i < num_perm; i++) {
		m->a[i] = ns_splitmix64(&st) | 1;
		m->b[i] = ns_splitmix64(&st);
	}
	return NS_OK;
}

void ns_minhash_free(ns_minhash *m)
{
	free(m->a);
	free(m->b);
	m->a = m->b = NULL;
}

void ns_minhash_sign(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig)
{
	uint64_t mins[1024];
	uint32_t k = m->num_perm;
	for (uint32_t base = 0; base < k; base += 1024) {
		uint32_t w = NS_MIN(k - base, 1024u);
		const uint64_t *a = m->a + base, *b = m->b + base;
		for (uint32_t i = 0; i < w; i++) mins[i] = UINT64_MAX;
		for (size_t j = 0; j < n; j++) {
			uint64_t x = sh[j];
			for (uint32_t i = 0; i < w; i++) {
				uint64_t v = a[i] * x + b[i];
				mins[i] = v < mins[i] ? v : mins[i];
			}
		}
		for (uint32_t i = 0; i < w; i++) sig[base + i] = (uint32_t)(mins[i] >> 32);
	}
}

double ns_minhash_similarity(const uint32_t *x, const uint32_t *y, uint32_t num_perm)
{
	uint32_t eq = 0;
	for (uint32_t i = 0; i < num_perm; i++) eq += x[i] == y[i];
	return num_perm ? (double)eq / num_perm : 0.0;
}
