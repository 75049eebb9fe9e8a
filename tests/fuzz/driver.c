// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A stand-in for libFuzzer when the targets are built with gcc: runs the target on every
 * file named on the command line (the seed corpus), then on RUNS inputs mutated from those
 * seeds by a fixed-seed generator (bit flips, byte insertions and deletions, splices and
 * interesting bytes), so that the short run in ctest is repeatable. Under the sanitizer build
 * any report fails the run. With clang, -DLIBNS_FUZZ=ON links the same targets to libFuzzer
 * instead, for real coverage-guided fuzzing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAXLEN 4096

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const uint8_t interesting[] = { 0,    '0',  '9', ':', ',', '-', '+', ' ', '\n', '/',
				       0xff, 0x80, 'a', 'x', '[', ']', '=', '.', '\\', 'S' };

static size_t mutate(uint8_t *buf, size_t len)
{
	int n = 1 + (int)(next() % 4);

	while (n--) {
		size_t pos = len ? next() % len : 0;

		switch (next() % 6) {
		case 0:
			if (len)
				buf[pos] ^= (uint8_t)(1u << (next() % 8));
			break;
		case 1:
			if (len < MAXLEN) {
				memmove(buf + pos + 1, buf + pos, len - pos);
				buf[pos] = interesting[next() % sizeof(interesting)];
				len++;
			}
			break;
		case 2:
			if (len) {
				memmove(buf + pos, buf + pos + 1, len - pos - 1);
				len--;
			}
			break;
		case 3:
			if (len)
				buf[pos] = interesting[next() % sizeof(interesting)];
			break;
		case 4:
			if (len)
				buf[pos] = (uint8_t)('0' + next() % 10);
			break;
		default:
			/* Repeat a run of the input: grows numbers and lists. */
			if (len && len * 2 <= MAXLEN) {
				size_t l = 1 + next() % len;

				memmove(buf + pos + l, buf + pos, len - pos);
				memmove(buf + pos, buf + pos + l, l > len - pos ? len - pos : l);
				len += l;
			}
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	static uint8_t seeds[64][MAXLEN], buf[2 * MAXLEN];
	size_t seedlen[64], nseeds = 0;
	long runs = 20000;

	for (int i = 1; i < argc; i++) {
		FILE *f;

		if (!strncmp(argv[i], "-runs=", 6)) {
			runs = atol(argv[i] + 6);
			continue;
		}
		if (nseeds == 64 || !(f = fopen(argv[i], "rb")))
			continue;
		seedlen[nseeds] = fread(seeds[nseeds], 1, MAXLEN, f);
		fclose(f);
		LLVMFuzzerTestOneInput(seeds[nseeds], seedlen[nseeds]);
		nseeds++;
	}
	if (!nseeds) {
		seedlen[0] = 0;
		nseeds = 1;
	}
	for (long r = 0; r < runs; r++) {
		size_t s = next() % nseeds, len = seedlen[s];

		memcpy(buf, seeds[s], len);
		len = mutate(buf, len);
		LLVMFuzzerTestOneInput(buf, len);
	}
	printf("%s: %zu seeds, %ld mutated runs, no crash\n", argv[0], nseeds, runs);
	return 0;
}
