// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A mount table as ns_nsfs_mounts reads it through libmount (nsdiff --all): the input is the
 * mountinfo text, served through a memfd at /proc/self/fd/N. Each namespace file found has
 * a path, a text whose type and inode are exactly what ns_link_parse reads from it (or type
 * -1 when it is not such a text), is listed once, and there are no more files than lines.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "libns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct ns_file *files = (struct ns_file *)1;
	struct ns_error err;
	size_t n = 99, lines = 1;
	int rc;

	if (fd < 0) {
		fd = memfd_create("mountinfo", MFD_CLOEXEC);
		FUZZ_ASSERT(fd >= 0);
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	FUZZ_ASSERT(ftruncate(fd, 0) == 0);
	FUZZ_ASSERT(pwrite(fd, data, size, 0) == (ssize_t)size);
	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	err.msg[0] = '\0';
	rc = ns_nsfs_mounts(path, &files, &n, &err);
	if (rc < 0) {
		FUZZ_ASSERT(files == NULL && n == 0 && err.msg[0]);
		return 0;
	}
	FUZZ_ASSERT(n <= lines && (n == 0 || files));
	for (size_t i = 0; i < n; i++) {
		const struct ns_file *f = &files[i];
		uint64_t ino = 0;
		int type = -2;

		FUZZ_ASSERT(f->path && f->pid == 0);
		FUZZ_ASSERT(memchr(f->text, '\0', sizeof(f->text)));
		if (ns_link_parse(f->text, &type, &ino) == 0) {
			FUZZ_ASSERT(f->type == type && f->id.ino == ino);
		} else {
			FUZZ_ASSERT(f->type == -1);
		}
		for (size_t j = 0; j < i; j++)
			FUZZ_ASSERT(files[j].id.dev != f->id.dev || files[j].id.ino != f->id.ino ||
				    strcmp(files[j].path, f->path));
	}
	ns_files_free(files, n);
	return 0;
}
