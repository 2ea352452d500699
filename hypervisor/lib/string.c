/* String and memory functions; the compiler also calls memcpy/memset for struct copies. */
#include "lib.h"
#include "mm.h"

/* Words, eight to a loop, when both ends are 8-byte aligned: guest images (a Linux kernel and
 * its initrd, megabytes) are copied with it; bytes otherwise and for the tail. */
void *memcpy(void *dst, const void *src, size_t n)
{
	/* cppcheck-suppress misra-c2012-11.5 ; memcpy's contract: any object, as bytes */
	unsigned char *d = dst;
	/* cppcheck-suppress misra-c2012-11.5 ; memcpy's contract: any object, as bytes */
	const unsigned char *s = src;
	size_t i = 0U;

	if (((mm_hpa(d) | mm_hpa(s)) & 7U) == 0U) {
		while ((n - i) >= 64U) {
			/* cppcheck-suppress misra-c2012-11.3 ; both 8-byte aligned (tested above),
			 * and the hypervisor is built with -fno-strict-aliasing */
			uint64_t *w = (uint64_t *)&d[i];
			/* cppcheck-suppress misra-c2012-11.3 ; as above */
			const uint64_t *r = (const uint64_t *)&s[i];

			w[0] = r[0];
			w[1] = r[1];
			w[2] = r[2];
			w[3] = r[3];
			w[4] = r[4];
			w[5] = r[5];
			w[6] = r[6];
			w[7] = r[7];
			i += 64U;
		}
	}
	while (i < n) {
		d[i] = s[i];
		i++;
	}
	return dst;
}

/* Word stores in the middle, eight to a loop: guest RAM is cleared with it, megabytes at a time
 * (the loop's own instructions would otherwise cost three times the stores). */
void *memset(void *dst, int c, size_t n)
{
	/* cppcheck-suppress misra-c2012-11.5 ; memset's contract: any object, as bytes */
	unsigned char *d = dst;
	unsigned char byte = (unsigned char)c;
	uint64_t word = 0x0101010101010101ULL * byte;
	size_t i = 0U;

	while ((i < n) && ((mm_hpa(&d[i]) & 7U) != 0U)) {
		d[i] = byte;
		i++;
	}
	while ((n - i) >= 64U) {
		/* cppcheck-suppress misra-c2012-11.3 ; d + i is 8-byte aligned (the loop above),
		 * and the hypervisor is built with -fno-strict-aliasing */
		uint64_t *w = (uint64_t *)&d[i];

		w[0] = word;
		w[1] = word;
		w[2] = word;
		w[3] = word;
		w[4] = word;
		w[5] = word;
		w[6] = word;
		w[7] = word;
		i += 64U;
	}
	while ((n - i) >= 8U) {
		/* cppcheck-suppress misra-c2012-11.3 ; as above */
		*(uint64_t *)&d[i] = word;
		i += 8U;
	}
	while (i < n) {
		d[i] = byte;
		i++;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	/* cppcheck-suppress misra-c2012-11.5 ; memcmp's contract: any object, as bytes */
	const unsigned char *x = a;
	/* cppcheck-suppress misra-c2012-11.5 ; memcmp's contract: any object, as bytes */
	const unsigned char *y = b;
	int diff = 0;

	for (size_t i = 0U; (i < n) && (diff == 0); i++) {
		diff = (int)x[i] - (int)y[i];
	}
	return diff;
}

size_t strlen(const char *s)
{
	size_t n = 0U;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	int diff = 0;

	for (size_t i = 0U; (i < n) && (diff == 0); i++) {
		diff = (int)(unsigned char)a[i] - (int)(unsigned char)b[i];
		if (a[i] == '\0') {
			break;
		}
	}
	return diff;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size != 0U) {
		size_t k = (n < (size - 1U)) ? n : (size - 1U);

		(void)memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}
