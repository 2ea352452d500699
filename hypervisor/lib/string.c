/* String and memory functions; the compiler also calls memcpy/memset for struct copies. */
#include "lib.h"
#include "mm.h"

void *memcpy(void *dst, const void *src, size_t n)
{
	/* cppcheck-suppress misra-c2012-11.5 ; memcpy's contract: any object, as bytes */
	unsigned char *d = dst;
	/* cppcheck-suppress misra-c2012-11.5 ; memcpy's contract: any object, as bytes */
	const unsigned char *s = src;

	for (size_t i = 0U; i < n; i++) {
		d[i] = s[i];
	}
	return dst;
}

/* Word stores in the middle: guest RAM is cleared with it, megabytes at a time. */
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
	while ((n - i) >= 8U) {
		/* cppcheck-suppress misra-c2012-11.3 ; d + i is 8-byte aligned (the loop above),
		 * and the hypervisor is built with -fno-strict-aliasing */
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
