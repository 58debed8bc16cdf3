/* newsift — a minimal test harness: CHECK(cond), CHECK_EQ_U(a, b),
 * CHECK_STR(a, b), and TEST_DONE() which prints "N passed, M failed" and
 * returns the exit status. */
#ifndef NEWSIFT_CHECK_H
#define NEWSIFT_CHECK_H
#include <stdio.h>
#include <string.h>
#include <math.h>
#include <stdint.h>

static int ns_t_pass, ns_t_fail;

#define CHECK(c) do { if (c) ns_t_pass++; else { ns_t_fail++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_EQ_U(a, b) do { unsigned long long ns_a = (unsigned long long)(a), ns_b = (unsigned long long)(b); \
	if (ns_a == ns_b) ns_t_pass++; else { ns_t_fail++; \
	fprintf(stderr, "%s:%d: %s == %s failed: %llu != %llu\n", __FILE__, __LINE__, #a, #b, ns_a, ns_b); } } while (0)
#define CHECK_NEAR(a, b, eps) do { double ns_a = (a), ns_b = (b); \
	if (fabs(ns_a - ns_b) <= (eps)) ns_t_pass++; else { ns_t_fail++; \
	fprintf(stderr, "%s:%d: %s ~ %s failed: %.9g vs %.9g\n", __FILE__, __LINE__, #a, #b, ns_a, ns_b); } } while (0)
#define CHECK_STR(a, b) do { const char *ns_a = (a), *ns_b = (b); \
	if (ns_a && ns_b && !strcmp(ns_a, ns_b)) ns_t_pass++; else { ns_t_fail++; \
	fprintf(stderr, "%s:%d: %s == %s failed: \"%s\" != \"%s\"\n", __FILE__, __LINE__, #a, #b, \
		ns_a ? ns_a : "(null)", ns_b ? ns_b : "(null)"); } } while (0)
/* A xorshift64 step: the tests' reproducible random numbers (each test
 * file keeps its own state and seed). */
static inline uint64_t check_xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* qsort and bsearch order of uint64_t. */
static inline int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

#define TEST_DONE() (printf("%s: %d passed, %d failed\n", __FILE__, ns_t_pass, ns_t_fail), ns_t_fail != 0)
#endif
