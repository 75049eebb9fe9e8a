/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What nsinfo.c (grouping processes) and scan.c (listing namespaces) share: the scan's state.
 * Private to the library.
 */
#ifndef LIBNS_SCAN_H
#define LIBNS_SCAN_H

#include "internal.h"

struct nsi_nstable; /* scan.c: every namespace found, by inode */

struct ns_scan {
	unsigned entries; /* the mask of entries that make a group, or are listed */
	struct ns_group *groups;
	size_t ngroups, capacity;
	size_t *slots; /* open addressing: index + 1 into groups, 0 = empty */
	size_t nslots; /* a power of two, at least twice ngroups */
	bool sorted;
	struct ns_scan_counts counts;
	struct nsi_nstable *nst;
};

void nsi_nstable_free(struct nsi_nstable *t);

/* A namespace found: listed when its type is asked for (mount namespaces are always read). */
struct nsi_rec {
	struct ns_namespace ns;
	bool listed;
	bool related; /* its owner and parent asked (NS_SCAN_RELATIONS) */
	char *path; /* ns.holder_path */
};

/* A lowest PID's details, read once however many namespaces it leads. */
struct nsi_pid {
	pid_t pid;
	bool has_uid;
	uid_t uid;
	pid_t ppid;
	char *command;
	char *container;
};

struct nsi_nstable {
	struct nsi_rec *v;
	size_t n, cap;
	size_t *slots; /* index + 1 into v, by inode */
	size_t nslots;
	struct nsi_pid *pids;
	size_t npids;
	struct ns_namespace **list; /* the listed ones, by inode */
	size_t nlist;
};

/* One ns_scan_namespaces() call. */
struct nsi_scanctx {
	struct ns_scan *scan;
	struct nsi_nstable *t;
	unsigned flags; /* NS_SCAN_* */
	unsigned types; /* bit t: type t is listed */
	unsigned mask; /* the entries read of every process */
	int procfd;
	int owner_fd; /* scan_detail.c: one owner's descriptor, held */
	unsigned char newness[NS_NENTRIES]; /* scan.c: 0..3, how often each entry was new */
};

struct nsi_rec *nsi_nstable_find(const struct nsi_nstable *t, uint64_t ino);
struct nsi_rec *nsi_nstable_add(struct nsi_nstable *t, int type, uint64_t ino, bool listed,
				bool *added);
int nsi_hold(struct nsi_scanctx *c, int type, uint64_t ino, enum ns_holder how, pid_t pid,
	     uint64_t num, const char *path);
void nsi_read_links(int nsfd, unsigned mask, uint64_t ino[NS_NENTRIES]);

/* scan_hidden.c: descriptors, threads, bind mounts */
int nsi_scan_fds(struct nsi_scanctx *c, const char *name, pid_t pid);
int nsi_scan_threads(struct nsi_scanctx *c, const char *name, pid_t pid);
int nsi_scan_mounts(struct nsi_scanctx *c, struct ns_error *err);

/* scan_detail.c: the lowest PIDs' owner, command, parent; ioctl_ns(2) relations */
int nsi_scan_details(struct nsi_scanctx *c, struct ns_error *err);
int nsi_scan_relations(struct nsi_scanctx *c, struct ns_error *err);
/* Asks the owner and parent of record i through fd, a descriptor of it. */
int nsi_relate(struct nsi_scanctx *c, size_t i, int fd);
/* A descriptor of ns by the way the scan found it (below procfd), or -1. */
int nsi_open_ns(int procfd, const struct ns_namespace *ns);

#endif /* LIBNS_SCAN_H */
