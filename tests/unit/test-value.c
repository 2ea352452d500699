/* Value parsing: integers (decimal/hex, overflow), y/n flags, PCI BDFs and their routing ids. */
#include <stdint.h>

#include "tests.h"
#include "value.h"

/* value_u64 must accept s and give want. */
static void u64_ok(const char *s, uint64_t want)
{
	uint64_t v = ~want; /* anything but the expected value */
	CU_ASSERT_EQUAL(value_u64(s, &v), 0);
	CU_ASSERT_EQUAL(v, want);
}

static void u64_bad(const char *s)
{
	uint64_t v = 0;
	CU_ASSERT_EQUAL(value_u64(s, &v), -1);
}

static void test_u64_decimal(void)
{
	u64_ok("0", 0);
	u64_ok("42", 42);
	u64_ok("4096", 4096);
	/* leading zeros are decimal, not octal as strtoul(s, NULL, 0) would read them */
	u64_ok("010", 10);
	u64_ok("007", 7);
}

static void test_u64_hex(void)
{
	u64_ok("0x1f", 0x1f);
	u64_ok("0X1F", 0x1f);
	u64_ok("0xDeadBeef", 0xdeadbeef);
	u64_ok("0x0", 0);
	u64_ok("0x00000010", 0x10);
}

static void test_u64_blanks(void)
{
	u64_ok("  12", 12);
	u64_ok("12  ", 12);
	u64_ok("\t\n 0x10 \r\n", 0x10);
	u64_bad("   ");
	u64_bad("1 2");
}

static void test_u64_limits(void)
{
	u64_ok("18446744073709551615", UINT64_MAX);
	u64_ok("0xffffffffffffffff", UINT64_MAX);
	u64_ok("0xFFFFFFFFFFFFFFFF", UINT64_MAX);
	u64_ok("0x0000ffffffffffffffff", UINT64_MAX); /* leading zeros do not count */
	u64_bad("18446744073709551616");
	u64_bad("0x10000000000000000");
	u64_bad("99999999999999999999999");
}

static void test_u64_junk(void)
{
	u64_bad("");
	u64_bad("0x");
	u64_bad("0X");
	u64_bad("-1");
	u64_bad("+5");
	u64_bad("1e3");
	u64_bad("12Q");
	u64_bad(" 7 x");
	u64_bad("0x1g");
	u64_bad("0x0x1");
	u64_bad("abc");
	u64_bad(NULL);
}

static void test_hex(void)
{
	uint64_t v = 0;
	CU_ASSERT_EQUAL(value_hex("a1100000", &v), 0);
	CU_ASSERT_EQUAL(v, 0xa1100000);
	CU_ASSERT_EQUAL(value_hex(" 000A0000 ", &v), 0);
	CU_ASSERT_EQUAL(v, 0xa0000);
	CU_ASSERT_EQUAL(value_hex("ffffffffffffffff", &v), 0);
	CU_ASSERT_EQUAL(v, UINT64_MAX);
	CU_ASSERT_EQUAL(value_hex("10000000000000000", &v), -1);
	CU_ASSERT_EQUAL(value_hex("0x10", &v), -1); /* no prefix in this form */
	CU_ASSERT_EQUAL(value_hex("", &v), -1);
	CU_ASSERT_EQUAL(value_hex("g", &v), -1);
	CU_ASSERT_EQUAL(value_hex("-1", &v), -1);
	CU_ASSERT_EQUAL(value_hex(NULL, &v), -1);
}

static void test_yn(void)
{
	bool b = false;
	CU_ASSERT_EQUAL(value_yn("y", &b), 0);
	CU_ASSERT_TRUE(b);
	CU_ASSERT_EQUAL(value_yn("n", &b), 0);
	CU_ASSERT_FALSE(b);
	CU_ASSERT_EQUAL(value_yn("Y", &b), -1);
	CU_ASSERT_EQUAL(value_yn("yes", &b), -1);
	CU_ASSERT_EQUAL(value_yn("", &b), -1);
	CU_ASSERT_EQUAL(value_yn(" y", &b), -1);
	CU_ASSERT_EQUAL(value_yn("1", &b), -1);
	CU_ASSERT_EQUAL(value_yn(NULL, &b), -1);
}

/* value_bdf(s) without description must give bus:dev.fn. */
static void bdf_ok(const char *s, unsigned bus, unsigned dev, unsigned fn)
{
	struct bdf b = {0xee, 0xee, 0xee};
	CU_ASSERT_EQUAL(value_bdf(s, &b, NULL), 0);
	CU_ASSERT_EQUAL(b.bus, bus);
	CU_ASSERT_EQUAL(b.dev, dev);
	CU_ASSERT_EQUAL(b.fn, fn);
}

static void bdf_bad(const char *s)
{
	struct bdf b;
	const char *rest = NULL;
	CU_ASSERT_EQUAL(value_bdf(s, &b, NULL), -1);
	CU_ASSERT_EQUAL(value_bdf(s, &b, &rest), -1);
}

static void test_bdf_valid(void)
{
	bdf_ok("00:1f.6", 0, 0x1f, 6);
	bdf_ok("0a:1F.7", 0x0a, 0x1f, 7);
	bdf_ok("FF:00.0", 0xff, 0, 0);
	bdf_ok("3a:0b.3", 0x3a, 0x0b, 3);
	bdf_ok("  00:02.0  ", 0, 2, 0);
}

static void test_bdf_description(void)
{
	struct bdf b = {0, 0, 0};
	const char *rest = NULL;
	CU_ASSERT_EQUAL(value_bdf("00:02.0 VGA compatible controller: Intel", &b, &rest), 0);
	CU_ASSERT_EQUAL(b.dev, 2);
	ASSERT_STR_EQ(rest, "VGA compatible controller: Intel");
	CU_ASSERT_EQUAL(value_bdf("01:00.1\tNVMe", &b, &rest), 0);
	CU_ASSERT_EQUAL(b.bus, 1);
	CU_ASSERT_EQUAL(b.fn, 1);
	ASSERT_STR_EQ(rest, "NVMe");
	CU_ASSERT_EQUAL(value_bdf("00:14.0", &b, &rest), 0);
	ASSERT_STR_EQ(rest, "");
	/* the same text is an error where no description may follow */
	CU_ASSERT_EQUAL(value_bdf("00:02.0 VGA compatible controller", &b, NULL), -1);
}

static void test_bdf_invalid(void)
{
	bdf_bad("00:1g.0");
	bdf_bad("00:20.0"); /* device is 5 bits */
	bdf_bad("00:1f.8"); /* function is 3 bits */
	bdf_bad("0:1f.0");
	bdf_bad("000:1f.0");
	bdf_bad("00:1f.6x");
	bdf_bad("00-1f.6");
	bdf_bad("00:1f:6");
	bdf_bad("00:1f.");
	bdf_bad("");
	bdf_bad(NULL);
}

static void test_bdf_id(void)
{
	struct bdf a = {0, 0x1f, 6}, b = {0xff, 0x1f, 7}, c = {1, 0, 0}, d = {0, 2, 0};
	CU_ASSERT_EQUAL(bdf_id(a), 0x00fe);
	CU_ASSERT_EQUAL(bdf_id(b), 0xffff);
	CU_ASSERT_EQUAL(bdf_id(c), 0x0100);
	CU_ASSERT_EQUAL(bdf_id(d), 0x0010);
}

void register_value_tests(void)
{
	static const struct test_case cases[] = {
	    {"value_u64 decimal", test_u64_decimal},
	    {"value_u64 hex", test_u64_hex},
	    {"value_u64 blanks", test_u64_blanks},
	    {"value_u64 limits and overflow", test_u64_limits},
	    {"value_u64 junk", test_u64_junk},
	    {"value_hex", test_hex},
	    {"value_yn", test_yn},
	    {"value_bdf valid", test_bdf_valid},
	    {"value_bdf description", test_bdf_description},
	    {"value_bdf invalid", test_bdf_invalid},
	    {"bdf_id", test_bdf_id},
	};
	ADD_SUITE("value", NULL, NULL, cases);
}
