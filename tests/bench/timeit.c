/*
 * timeit RUNS COMMAND [ARGS...] [::: COMMAND [ARGS...]]...: runs each command RUNS times and prints
 * one line per command, "median_ms min_ms max_ms cpu_median_ms peak_rss_kib status". A command
 * written "--before SHELL_COMMAND COMMAND [ARGS...]" has SHELL_COMMAND run (by sh -c, untimed,
 * it must succeed) before each of its runs, to set up what it finds (e.g. an output to replace).
 * The commands take turns (one run of each per round, after one round that is not counted), so a
 * machine that gets busier or quieter during the measurement weighs on all of them alike and
 * their ratios stay fair. Used by tests/bench/bench; timing here (fork + wait4) avoids
 * depending on GNU time or hyperfine being installed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 16

struct command {
	char **argv;
	const char *before; /* sh -c this before each run, untimed; NULL: nothing */
	double *wall_ms;
	double *cpu_ms;
	long peak_rss_kib;
	int status;
};

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(struct timeval tv)
{
	return (double)tv.tv_sec * 1e3 + (double)tv.tv_usec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs the command once; returns its exit status, or -1 if it could not run. */
static int run_once(char **argv, double *wall_ms, double *cpu_ms, long *rss_kib)
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
	*wall_ms = now_ms() - start;
	*cpu_ms = tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime);
	*rss_kib = ru.ru_maxrss;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* sh -c text; 0 if it ran and exited 0. */
static int run_shell(const char *text)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", text, (char *)NULL);
		_exit(127);
	}
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Splits argv at each ":::" into commands; returns how many, or 0 on a usage error. */
static size_t split_commands(int argc, char **argv, struct command *cmds)
{
	size_t n = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], ":::") == 0) {
			argv[i] = NULL;
			continue;
		}
		if (i > 0 && argv[i - 1])
			continue;
		if (n == MAX_COMMANDS)
			return 0;
		cmds[n++].argv = argv + i;
	}
	for (size_t c = 0; c < n; c++) {
		char **a = cmds[c].argv;
		if (strcmp(a[0], "--before") != 0)
			continue;
		if (!a[1] || !a[2])
			return 0;
		cmds[c].before = a[1];
		cmds[c].argv = a + 2;
	}
	return n;
}

/* One run of every command, in turn; run < 0 is the warm-up round, not recorded. */
static int run_round(struct command *cmds, size_t n, int run)
{
	for (size_t c = 0; c < n; c++) {
		/* start each round with a different command: no command always follows another */
		struct command *cmd = &cmds[(c + (size_t)(run < 0 ? 0 : run)) % n];
		double wall, cpu;
		long rss = 0;
		if (cmd->before && run_shell(cmd->before) != 0) {
			fprintf(stderr, "timeit: --before '%s' failed\n", cmd->before);
			return -1;
		}
		cmd->status = run_once(cmd->argv, &wall, &cpu, &rss);
		if (cmd->status < 0) {
			perror(cmd->argv[0]);
			return -1;
		}
		if (run < 0)
			continue;
		cmd->wall_ms[run] = wall;
		cmd->cpu_ms[run] = cpu;
		if (rss > cmd->peak_rss_kib)
			cmd->peak_rss_kib = rss;
	}
	return 0;
}

static void print_command(struct command *cmd, int runs)
{
	qsort(cmd->wall_ms, (size_t)runs, sizeof(double), cmp_double);
	qsort(cmd->cpu_ms, (size_t)runs, sizeof(double), cmp_double);
	printf("%.3f %.3f %.3f %.3f %ld %d\n", cmd->wall_ms[runs / 2], cmd->wall_ms[0],
	       cmd->wall_ms[runs - 1], cmd->cpu_ms[runs / 2], cmd->peak_rss_kib, cmd->status);
}

int main(int argc, char **argv)
{
	struct command cmds[MAX_COMMANDS] = {0};
	int runs = argc > 1 ? atoi(argv[1]) : 0;
	size_t n = argc > 2 ? split_commands(argc - 2, argv + 2, cmds) : 0;
	if (runs < 1 || runs > 100000 || n == 0) {
		fputs("usage: timeit RUNS [--before SHELL_COMMAND] COMMAND [ARGS...] [::: ...]... "
		      "(RUNS 1..100000, at most 16 commands)\n",
		      stderr);
		return 2;
	}
	for (size_t c = 0; c < n; c++) {
		cmds[c].wall_ms = calloc((size_t)runs, sizeof(double));
		cmds[c].cpu_ms = calloc((size_t)runs, sizeof(double));
		if (!cmds[c].wall_ms || !cmds[c].cpu_ms)
			return 2;
	}
	for (int run = -1; run < runs; run++)
		if (run_round(cmds, n, run) != 0)
			return 2;
	for (size_t c = 0; c < n; c++) {
		print_command(&cmds[c], runs);
		free(cmds[c].wall_ms);
		free(cmds[c].cpu_ms);
	}
	return 0;
}
