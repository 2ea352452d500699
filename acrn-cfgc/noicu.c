/*
 * ICU's converter entry points, as the statically linked acrn-cfgc answers them: "no such
 * converter". Debian's libxml2.a was built with ICU, but libxml2 asks ICU only for an encoding
 * that glibc's iconv does not know (a few Unicode compressions such as SCSU or BOCU-1). Linking
 * ICU itself would add its 30 MB of data to the binary; loading it dynamically costs every run
 * more than the run itself. So such an encoding gets libxml2's own "Unsupported encoding" error,
 * located at the XML declaration, and every other encoding is converted as before.
 * Linked only into the static acrn-cfgc (configure --enable-static-libs).
 */
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

UConverter *ucnv_open(const char *name, UErrorCode *err)
{
	(void)name;
	*err = U_FILE_ACCESS_ERROR; /* what ICU says of a converter it has no data for */
	return NULL;
}

/* ucnv_open never succeeds, so nothing below is ever given a converter: each just says so. */
void ucnv_close(UConverter *converter)
{
	(void)converter;
}

void ucnv_convertEx(UConverter *target, UConverter *source, char **target_start,
		    const char *target_limit, const char **source_start, const char *source_limit,
		    UChar *pivot_start, UChar **pivot_source, UChar **pivot_target,
		    const UChar *pivot_limit, UBool reset, UBool flush, UErrorCode *err)
{
	(void)target, (void)source, (void)target_start, (void)target_limit, (void)source_start;
	(void)source_limit, (void)pivot_start, (void)pivot_source, (void)pivot_target;
	(void)pivot_limit, (void)reset, (void)flush;
	*err = U_INVALID_STATE_ERROR;
}

void ucnv_setToUCallBack(UConverter *converter, UConverterToUCallback action, const void *context,
			 UConverterToUCallback *old_action, const void **old_context,
			 UErrorCode *err)
{
	(void)converter, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_INVALID_STATE_ERROR;
}

void ucnv_setFromUCallBack(UConverter *converter, UConverterFromUCallback action,
			   const void *context, UConverterFromUCallback *old_action,
			   const void **old_context, UErrorCode *err)
{
	(void)converter, (void)action, (void)context, (void)old_action, (void)old_context;
	*err = U_INVALID_STATE_ERROR;
}

void UCNV_TO_U_CALLBACK_STOP(const void *context, UConverterToUnicodeArgs *args, const char *units,
			     int32_t length, UConverterCallbackReason reason, UErrorCode *err)
{
	(void)context, (void)args, (void)units, (void)length, (void)reason, (void)err;
}

void UCNV_FROM_U_CALLBACK_STOP(const void *context, UConverterFromUnicodeArgs *args,
			       const UChar *units, int32_t length, UChar32 code_point,
			       UConverterCallbackReason reason, UErrorCode *err)
{
	(void)context, (void)args, (void)units, (void)length, (void)code_point, (void)reason;
	(void)err;
}
