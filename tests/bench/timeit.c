/*
 * timeit RUNS COMMAND [ARGS...]: runs a command RUNS times and prints
 * "median_ms min_ms max_ms peak_rss_kib status" on one line. Used by tests/bench/bench; timing
 * here (fork + wait4) avoids depending on GNU time or hyperfine being installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs the command once; returns its exit status, or -1 if it could not run. */
static int run_once(char **argv, double *ms, long *rss_kib)
{
	double start = now_ms();
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return -1;
	*ms = now_ms() - start;
	*rss_kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: timeit RUNS COMMAND [ARGS...]\n", stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > 100000) {
		fputs("timeit: RUNS must be 1..100000\n", stderr);
		return 2;
	}
	double *ms = calloc((size_t)runs, sizeof(*ms));
	long peak = 0;
	int status = 0;
	if (!ms)
		return 2;
	for (int i = 0; i < runs; i++) {
		long rss = 0;
		status = run_once(argv + 2, &ms[i], &rss);
		if (status < 0) {
			perror("timeit");
			free(ms);
			return 2;
		}
		if (rss > peak)
			peak = rss;
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	printf("%.3f %.3f %.3f %ld %d\n", ms[runs / 2], ms[0], ms[runs - 1], peak, status);
	free(ms);
	return 0;
}
