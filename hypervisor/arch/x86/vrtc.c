/*
 * The CMOS RTC a VM reads at ports 0x70/0x71: the date and time of the hypervisor's clock,
 * which is the board's RTC read once at boot plus the TSC since, in BCD and 24-hour mode
 * (status B 0x02), never updating (status A's update-in-progress bit stays clear), valid
 * (status D 0x80). It is read-only: the VM cannot set the board's clock or another VM's, so
 * writes to the clock's registers are dropped, reported once per VM. The other CMOS bytes read 0
 * and take writes silently (Linux writes the shutdown status byte, 0x0f, before it starts its
 * other CPUs). The NMI-disable bit of the index is ignored.
 */
#include "x86.h"
#include "vdev.h"
#include "console.h"
#include "vm.h"

#define PORT_INDEX    0x70U
#define PORT_DATA     0x71U
#define CMOS_SECONDS  0x00U
#define CMOS_MINUTES  0x02U
#define CMOS_HOURS    0x04U
#define CMOS_WEEKDAY  0x06U
#define CMOS_DAY      0x07U
#define CMOS_MONTH    0x08U
#define CMOS_YEAR     0x09U
#define CMOS_STATUS_A 0x0aU
#define CMOS_STATUS_B 0x0bU
#define CMOS_STATUS_D 0x0dU
#define CMOS_CENTURY  0x32U
#define STATUS_A      0x26U /* 32.768 kHz time base, 1024 Hz rate; no update in progress */
#define STATUS_A_UIP  0x80U
#define STATUS_B      0x02U /* 24-hour, BCD, no interrupts */
#define STATUS_B_BIN  0x04U
#define STATUS_B_24H  0x02U
#define STATUS_D      0x80U /* the time is valid */
#define HOUR_PM	      0x80U
#define DAYS_TO_1970  719468U /* from 0000-03-01, the start of the calendar's 400-year cycle */
#define DAYS_PER_ERA  146097U

struct rtc_time {
	unsigned year;
	unsigned month;
	unsigned day;
	unsigned hour;
	unsigned minute;
	unsigned second;
};

static uint64_t rtc_boot_seconds; /* since 1970, at rtc_boot_tsc */
static uint64_t rtc_boot_tsc;
static uint8_t rtc_index[VM_MAX];

/* Days since 1970-01-01 of a date of the Gregorian calendar (counted from March, so that the
 * leap day ends the year). */
static uint64_t days_from_date(unsigned year, unsigned month, unsigned day)
{
	unsigned y = year - ((month <= 2U) ? 1U : 0U);
	unsigned era = y / 400U;
	unsigned yoe = y - (era * 400U);
	unsigned doy = (((153U * ((month + 9U) % 12U)) + 2U) / 5U) + day - 1U;
	unsigned doe = (yoe * 365U) + (yoe / 4U) - (yoe / 100U) + doy;

	return (((uint64_t)era * DAYS_PER_ERA) + doe) - DAYS_TO_1970;
}

static void date_from_days(uint64_t days, struct rtc_time *t)
{
	uint64_t z = days + DAYS_TO_1970;
	uint64_t era = z / DAYS_PER_ERA;
	unsigned doe = (unsigned)(z - (era * DAYS_PER_ERA));
	unsigned yoe = (doe - (doe / 1460U) + (doe / 36524U) - (doe / 146096U)) / 365U;
	unsigned doy = doe - ((365U * yoe) + (yoe / 4U) - (yoe / 100U));
	unsigned mp = ((5U * doy) + 2U) / 153U;

	t->day = doy - (((153U * mp) + 2U) / 5U) + 1U;
	t->month = ((mp + 2U) % 12U) + 1U; /* mp 0 is March */
	t->year = (unsigned)(era * 400U) + yoe + ((t->month <= 2U) ? 1U : 0U);
}

static uint8_t cmos_read(uint8_t reg)
{
	outb(PORT_INDEX, reg);
	return inb(PORT_DATA);
}

static unsigned from_bcd(uint8_t v, bool binary)
{
	return binary ? v : ((((unsigned)v >> 4) * 10U) + ((unsigned)v & 0xfU));
}

/* The board's RTC, read between two updates. */
static void rtc_read_board(struct rtc_time *t)
{
	uint8_t b;
	uint8_t hour;
	bool bin;

	for (unsigned i = 0U; (i < 1000000U) && ((cmos_read(CMOS_STATUS_A) & STATUS_A_UIP) != 0U);
	     i++) {
		pcpu_arch_relax();
	}
	b = cmos_read(CMOS_STATUS_B);
	bin = (b & STATUS_B_BIN) != 0U;
	hour = cmos_read(CMOS_HOURS);
	t->second = from_bcd(cmos_read(CMOS_SECONDS), bin);
	t->minute = from_bcd(cmos_read(CMOS_MINUTES), bin);
	t->hour = from_bcd(hour & (uint8_t)~HOUR_PM, bin);
	if (((b & STATUS_B_24H) == 0U) && ((hour & HOUR_PM) != 0U)) {
		t->hour = (t->hour % 12U) + 12U;
	} else if ((b & STATUS_B_24H) == 0U) {
		t->hour %= 12U;
	} else {
		/* 24-hour mode */
	}
	t->day = from_bcd(cmos_read(CMOS_DAY), bin);
	t->month = from_bcd(cmos_read(CMOS_MONTH), bin);
	t->year =
	    (from_bcd(cmos_read(CMOS_CENTURY), bin) * 100U) + from_bcd(cmos_read(CMOS_YEAR), bin);
}

void vrtc_init(void)
{
	struct rtc_time t;

	rtc_read_board(&t);
	if ((t.year < 1970U) || (t.year > 9999U) || (t.month < 1U) || (t.month > 12U) ||
	    (t.day < 1U) || (t.day > 31U) || (t.hour > 23U) || (t.minute > 59U) ||
	    (t.second > 59U)) {
		console_printf(
		    "hv: the board's RTC reads %u-%u-%u %u:%u:%u: VMs start at 2000-01-01\n",
		    t.year, t.month, t.day, t.hour, t.minute, t.second);
		t = (struct rtc_time){2000U, 1U, 1U, 0U, 0U, 0U};
	}
	rtc_boot_tsc = rdtsc();
	rtc_boot_seconds = (days_from_date(t.year, t.month, t.day) * 86400U) + (t.hour * 3600U) +
			   (t.minute * 60U) + t.second;
	console_printf("hv: RTC %04u-%02u-%02u %02u:%02u:%02u at boot\n", t.year, t.month, t.day,
		       t.hour, t.minute, t.second);
}

static uint8_t to_bcd(unsigned v)
{
	return (uint8_t)(((v / 10U) << 4) | (v % 10U));
}

/* The CMOS register as the guest reads it now. */
static uint8_t rtc_register(uint8_t reg)
{
	uint64_t secs = rtc_boot_seconds + ((rdtsc() - rtc_boot_tsc) / (tsc_per_10ms * 100U));
	uint64_t days = secs / 86400U;
	unsigned in_day = (unsigned)(secs % 86400U);
	struct rtc_time t;
	uint8_t v = 0U;

	date_from_days(days, &t);
	switch (reg) {
	case CMOS_SECONDS:
		v = to_bcd(in_day % 60U);
		break;
	case CMOS_MINUTES:
		v = to_bcd((in_day / 60U) % 60U);
		break;
	case CMOS_HOURS:
		v = to_bcd(in_day / 3600U);
		break;
	case CMOS_WEEKDAY: /* 1 is Sunday; 1970-01-01 was a Thursday */
		v = (uint8_t)(((days + 4U) % 7U) + 1U);
		break;
	case CMOS_DAY:
		v = to_bcd(t.day);
		break;
	case CMOS_MONTH:
		v = to_bcd(t.month);
		break;
	case CMOS_YEAR:
		v = to_bcd(t.year % 100U);
		break;
	case CMOS_CENTURY:
		v = to_bcd(t.year / 100U);
		break;
	case CMOS_STATUS_A:
		v = STATUS_A;
		break;
	case CMOS_STATUS_B:
		v = STATUS_B;
		break;
	case CMOS_STATUS_D:
		v = STATUS_D;
		break;
	default:
		break; /* status C (no interrupt flags) and the other CMOS bytes read 0 */
	}
	return v;
}

bool vrtc_pio_in(struct vm *vm, uint16_t port, uint32_t *val)
{
	if (port == PORT_INDEX) {
		*val = rtc_index[vm->id];
	} else if (port == PORT_DATA) {
		*val = rtc_register(rtc_index[vm->id]);
	} else {
		return false;
	}
	return true;
}

bool vrtc_pio_out(struct vm *vm, uint16_t port, uint32_t val)
{
	static bool rtc_written[VM_MAX];

	if (port == PORT_INDEX) {
		rtc_index[vm->id] = (uint8_t)val & 0x7fU; /* bit 7 would mask the NMI: ignored */
	} else if (port == PORT_DATA) {
		if ((rtc_index[vm->id] <= CMOS_STATUS_D) && !rtc_written[vm->id]) {
			rtc_written[vm->id] = true;
			vm_report(vm,
				  "CMOS write 0x%x to register 0x%x: the RTC is read-only, "
				  "dropped (reported once)",
				  val & 0xffU, rtc_index[vm->id]);
		}
	} else {
		return false;
	}
	return true;
}
