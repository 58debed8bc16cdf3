/* newsift — MinHash variants.
 *
 * classic: for each shingle x and each i, a_i * x + b_i in wrapping 64-bit
 * arithmetic; a_i odd makes it a bijection whose high bits mix all bits of
 * x.  The inner loop runs over i for one shingle so it vectorises.
 *
 * oph: x is mixed once (SplitMix64's finaliser with the seed); the high 32
 * bits pick the bin (multiply-shift, no modulo bias worth the name), the low
 * 32 bits are the value.  Densification: empty bin i probes bins
 * j = H(i, t) for t = 1, 2, ... and copies the first non-empty bin's own
 * minimum.  The probe sequence depends on the seed and i only.
 *
 * cminhash: sigma and pi are two seeded 64-bit mixers (bijections); value k
 * is the minimum of pi(sigma(x) + k) over the set.
 *
 * Each keeps the high (classic, cminhash) or low (oph) 32 bits. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "newsift/sketch.h"

uint64_t ns_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* A seeded 64-bit bijection (SplitMix64's finaliser on x + seed). */
static inline uint64_t mix64(uint64_t x, uint64_t seed)
{
	uint64_t z = x + seed;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

const char *ns_minhash_name(ns_minhash_kind k)
{
	switch (k) {
	case NS_MH_OPH: return "oph";
	case NS_MH_CLASSIC: return "classic";
	case NS_MH_CMINHASH: return "cminhash";
	}
	return "?";
}

ns_status ns_minhash_init(ns_minhash *m, ns_minhash_kind kind, uint32_t num_perm, uint64_t seed)
{
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->num_perm = num_perm;
	m->seed = seed;
	if (kind != NS_MH_CLASSIC) return NS_OK;
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

static void sign_classic(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig)
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

static void sign_oph(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig)
{
	uint32_t k = m->num_perm;
	/* UINT32_MAX marks an empty bin; a real minimum equal to it is
	 * indistinguishable and harmless (it is also the largest value) */
	for (uint32_t i = 0; i < k; i++) sig[i] = UINT32_MAX;
	if (!n) return;
	/* a minimum per bin without a branch on the data (which mispredicts
	 * while the minima are still falling); filled bins counted after */
	for (size_t j = 0; j < n; j++) {
		uint64_t h = mix64(sh[j], m->seed);
		uint32_t bin = (uint32_t)(((h >> 32) * (uint64_t)k) >> 32), v = (uint32_t)h, c = sig[bin];
		sig[bin] = v < c ? v : c;
	}
	uint32_t filled = 0;
	for (uint32_t i = 0; i < k; i++) filled += sig[i] != UINT32_MAX;
	if (filled == k) return;
	if (!filled) return; /* every value UINT32_MAX: nothing to copy from */
	/* optimal densification: copy from the original minima only, so a
	 * bin's value does not depend on the order empty bins are filled */
	uint32_t stackbuf[256], *orig = k <= 256 ? stackbuf : malloc(k * sizeof(uint32_t));
	if (!orig) return;
	memcpy(orig, sig, k * sizeof(uint32_t));
	for (uint32_t i = 0; i < k; i++) {
		if (orig[i] != UINT32_MAX) continue;
		for (uint64_t t = 1;; t++) {
			uint64_t h = mix64(((uint64_t)i << 32) | t, m->seed ^ 0xA0761D6478BD642FULL);
			uint32_t j = (uint32_t)(((h >> 32) * (uint64_t)k) >> 32);
			if (orig[j] != UINT32_MAX) { sig[i] = orig[j]; break; }
		}
	}
	if (orig != stackbuf) free(orig);
}

static void sign_cminhash(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig)
{
	uint64_t mins[1024];
	uint32_t k = m->num_perm;
	uint64_t s_sigma = m->seed, s_pi = m->seed ^ 0xE7037ED1A0B428DBULL;
	for (uint32_t base = 0; base < k; base += 1024) {
		uint32_t w = NS_MIN(k - base, 1024u);
		for (uint32_t i = 0; i < w; i++) mins[i] = UINT64_MAX;
		for (size_t j = 0; j < n; j++) {
			uint64_t x = mix64(sh[j], s_sigma) + base;
			for (uint32_t i = 0; i < w; i++) {
				uint64_t v = mix64(x + i, s_pi);
				mins[i] = v < mins[i] ? v : mins[i];
			}
		}
		for (uint32_t i = 0; i < w; i++) sig[base + i] = (uint32_t)(mins[i] >> 32);
	}
}

void ns_minhash_sign(const ns_minhash *m, const uint64_t *sh, size_t n, uint32_t *sig)
{
	switch (m->kind) {
	case NS_MH_OPH: sign_oph(m, sh, n, sig); break;
	case NS_MH_CLASSIC: sign_classic(m, sh, n, sig); break;
	case NS_MH_CMINHASH: sign_cminhash(m, sh, n, sig); break;
	}
}

double ns_minhash_similarity(const uint32_t *x, const uint32_t *y, uint32_t num_perm)
{
	uint32_t eq = 0;
	for (uint32_t i = 0; i < num_perm; i++) eq += x[i] == y[i];
	return num_perm ? (double)eq / num_perm : 0.0;
}
