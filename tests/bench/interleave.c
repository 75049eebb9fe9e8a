// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * interleave [-n RUNS] [-w WARMUP] [-b BATCH] [-s] [-k] -- A... -- B... [-- C...]
 *
 * Runs the commands in turn, A B A B ..., RUNS samples each, and reports for each the median
 * wall time of one run and, for every command after the first, the median of the per-pair
 * ratios (X / A). Interleaving makes a drifting machine load hit both sides alike. A sample is
 * BATCH runs in a row (default 1): with more, what a run leaves for the kernel to finish
 * after it has been waited for (a PID namespace's teardown, its proc mount) is paid by the
 * next run of the same command, as a loop that starts one program many times sees it. Each
 * run is fork + execvp + waitpid, or posix_spawn (-s, the vfork way a shell or a runtime
 * spawns); stdout and stderr go to /dev/null. A command that fails makes the whole
 * measurement fail (exit 1), unless -k says that every exit status is as expected (a tool
 * whose answer is not 0, such as nsdiff's 1 for "differ" or 2 for a warning).
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAXCMD 8

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static bool use_spawn;
static int batch = 1, any_status;
extern char **environ;

static pid_t spawn(char **argv)
{
	static posix_spawn_file_actions_t fa;
	static bool ready;
	pid_t pid;

	if (!ready) {
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
		ready = true;
	}
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
		perror("posix_spawn");
		exit(1);
	}
	return pid;
}

static pid_t start(char **argv)
{
	pid_t pid;

	if (use_spawn)
		return spawn(argv);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static void run_once(char **argv)
{
	int status;
	pid_t pid = start(argv);

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || (WEXITSTATUS(status) && !any_status)) {
		fprintf(stderr, "interleave: %s failed (status %#x)\n", argv[0], status);
		exit(1);
	}
}

/* One sample: the time of one run, averaged over BATCH runs in a row. */
static double run(char **argv)
{
	double t0 = now();

	for (int i = 0; i < batch; i++)
		run_once(argv);
	return (now() - t0) / batch;
}

int main(int argc, char **argv)
{
	char **cmd[MAXCMD];
	int ncmd = 0, runs = 200, warmup = 10, i = 1;

	for (; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-w") && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-b") && i + 1 < argc)
			batch = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-s"))
			use_spawn = true;
		else if (!strcmp(argv[i], "-k"))
			any_status = 1;
	}
	for (; i < argc && ncmd < MAXCMD; i++) {
		if (strcmp(argv[i], "--"))
			continue;
		argv[i] = NULL;
		if (i + 1 < argc && strcmp(argv[i + 1], "--"))
			cmd[ncmd++] = &argv[i + 1];
	}
	if (ncmd < 2 || runs < 1 || batch < 1) {
		fprintf(stderr,
			"usage: interleave [-n RUNS] [-w WARMUP] [-b BATCH] [-s] [-k] -- A... -- B...\n");
		return 2;
	}
	double *t[MAXCMD], *ratio[MAXCMD];

	for (int c = 0; c < ncmd; c++) {
		t[c] = calloc(runs, sizeof(double));
		ratio[c] = calloc(runs, sizeof(double));
	}
	for (int r = 0; r < warmup; r++)
		for (int c = 0; c < ncmd; c++)
			run(cmd[c]);
	for (int r = 0; r < runs; r++) {
		for (int c = 0; c < ncmd; c++)
			t[c][r] = run(cmd[c]);
		for (int c = 1; c < ncmd; c++)
			ratio[c][r] = t[c][r] / t[0][r];
	}
	for (int c = 0; c < ncmd; c++) {
		printf("%-40.40s median %8.1f us", cmd[c][0], median(t[c], runs) * 1e6);
		if (c)
			printf("   ratio to first %.3f", median(ratio[c], runs));
		printf("\n");
	}
	return 0;
}
