/* The empty C program: tests/bench/bench states acrn-cfgc's times as multiples of its run time,
 * measured in the same runs, so figures from machines of different speed compare. */
int main(void)
{
	return 0;
}
