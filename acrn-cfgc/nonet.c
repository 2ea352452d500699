/*
 * libxml2's HTTP and FTP clients, as the statically linked acrn-cfgc answers them: no
 * connection. libxml2 reaches them only to open an http:// or ftp:// URL, which acrn-cfgc never
 * asks for (it reads its inputs itself, parses with XML_PARSE_NONET, and its entity loader
 * refuses every external entity, xmlload.c). Defining them here keeps Debian's clients out of
 * the binary: they would bring glibc's resolver, which a static program can only load from the
 * shared libraries at run time (the linker warns of it), and no network code is in acrn-cfgc.
 * Linked only into the static acrn-cfgc (configure --enable-static-libs), beside noicu.c.
 */
#include <libxml/nanoftp.h>
#include <libxml/nanohttp.h>
#include <stddef.h>

void *xmlNanoFTPOpen(const char *url)
{
	(void)url;
	return NULL;
}

/* The openers never succeed, so nothing below is ever given a connection: each just says so. */
int xmlNanoFTPRead(void *ctx, void *dest, int len)
{
	(void)ctx, (void)dest, (void)len;
	return -1;
}

int xmlNanoFTPClose(void *ctx)
{
	(void)ctx;
	return -1;
}

void *xmlNanoHTTPOpen(const char *url, char **content_type)
{
	(void)url;
	if (content_type)
		*content_type = NULL;
	return NULL;
}

void *xmlNanoHTTPMethod(const char *url, const char *method, const char *input, char **content_type,
			const char *headers, int ilen)
{
	(void)url, (void)method, (void)input, (void)headers, (void)ilen;
	if (content_type)
		*content_type = NULL;
	return NULL;
}

int xmlNanoHTTPRead(void *ctx, void *dest, int len)
{
	(void)ctx, (void)dest, (void)len;
	return -1;
}

void xmlNanoHTTPClose(void *ctx)
{
	(void)ctx;
}

const char *xmlNanoHTTPEncoding(void *ctx)
{
	(void)ctx;
	return NULL;
}

const char *xmlNanoHTTPMimeType(void *ctx)
{
	(void)ctx;
	return NULL;
}

const char *xmlNanoHTTPRedir(void *ctx)
{
	(void)ctx;
	return NULL;
}

int xmlNanoHTTPReturnCode(void *ctx)
{
	(void)ctx;
	return -1;
}
