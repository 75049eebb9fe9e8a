// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Containers and pods by name, from the cgroup paths the runtimes give them (as lxkns does):
 * Docker (/docker/<id>, docker-<id>.scope), containerd under Kubernetes
 * (cri-containerd-<id>.scope), CRI-O (crio-<id>.scope), Podman (libpod-<id>.scope),
 * systemd-nspawn (machine-<name>.scope), LXC (/lxc/<name>, lxc.payload.<name>), and the pod
 * of a Kubernetes container (kubepods...pod<UID>...). A parser of the text, fuzzed; nothing
 * here reads a file.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const runtime_names[] = {
	[NS_RUNTIME_NONE] = "",
	[NS_RUNTIME_DOCKER] = "docker",
	[NS_RUNTIME_CONTAINERD] = "containerd",
	[NS_RUNTIME_CRIO] = "cri-o",
	[NS_RUNTIME_PODMAN] = "podman",
	[NS_RUNTIME_NSPAWN] = "systemd-nspawn",
	[NS_RUNTIME_LXC] = "lxc",
	[NS_RUNTIME_KUBERNETES] = "kubernetes",
};

const char *ns_runtime_name(enum ns_runtime r)
{
	return (unsigned)r < sizeof(runtime_names) / sizeof(runtime_names[0]) ? runtime_names[r] :
										"";
}

static bool all_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return len > 0;
}

/* comp (len bytes) is prefix + 64 hex digits + suffix: the ID goes to id. */
static bool hex_id(const char *comp, size_t len, const char *prefix, const char *suffix, char *id,
		   size_t size)
{
	size_t p = strlen(prefix), s = strlen(suffix);

	if (len != p + 64 + s || strncmp(comp, prefix, p) || strncmp(comp + p + 64, suffix, s) ||
	    !all_hex(comp + p, 64))
		return false;
	snprintf(id, size, "%.64s", comp + p);
	return true;
}

/* A name (nspawn, LXC) with systemd's \x2d escapes undone; false when it is empty. */
static bool name_id(const char *s, size_t len, char *id, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 1 < size; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] == 'x' &&
		    isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = { s[i + 2], s[i + 3], 0 };

			id[n++] = (char)strtol(hex, NULL, 16);
			i += 3;
		} else {
			id[n++] = s[i];
		}
	}
	id[n] = '\0';
	return n > 0;
}

/* A Kubernetes pod UID in comp: "pod" then 36 characters of a UUID ('_' for '-' too). */
static bool pod_uid(const char *comp, size_t len, char *pod, size_t size)
{
	for (const char *p = comp; p + 3 + 36 <= comp + len; p++) {
		bool ok = !strncmp(p, "pod", 3);

		for (size_t i = 0; ok && i < 36; i++) {
			char c = p[3 + i];

			ok = (i == 8 || i == 13 || i == 18 || i == 23) ? (c == '-' || c == '_') :
									 isxdigit((unsigned char)c);
		}
		if (ok && size > 36) {
			for (size_t i = 0; i < 36; i++)
				pod[i] = p[3 + i] == '_' ? '-' : p[3 + i];
			pod[36] = '\0';
			return true;
		}
	}
	return false;
}

struct rule {
	enum ns_runtime runtime;
	const char *prefix, *suffix;
};

static const struct rule hex_rules[] = {
	{ NS_RUNTIME_DOCKER, "docker-", ".scope" },
	{ NS_RUNTIME_CONTAINERD, "cri-containerd-", ".scope" },
	{ NS_RUNTIME_CRIO, "crio-", ".scope" },
	{ NS_RUNTIME_CRIO, "crio-", "" },
	{ NS_RUNTIME_PODMAN, "libpod-", ".scope" },
	{ NS_RUNTIME_PODMAN, "libpod-", "" },
	{ NS_RUNTIME_DOCKER, "docker-", "" },
};

/* One component of a path, given the one before it (prev, plen). */
static void component(const char *c, size_t len, const char *prev, size_t plen, bool kube,
		      struct ns_container *out)
{
	for (size_t i = 0; i < sizeof(hex_rules) / sizeof(hex_rules[0]); i++)
		if (hex_id(c, len, hex_rules[i].prefix, hex_rules[i].suffix, out->id,
			   sizeof(out->id))) {
			out->runtime = hex_rules[i].runtime;
			return;
		}
	if (len == 64 && all_hex(c, 64) && (kube || (plen == 6 && !strncmp(prev, "docker", 6)))) {
		snprintf(out->id, sizeof(out->id), "%.64s", c);
		out->runtime = kube ? NS_RUNTIME_KUBERNETES : NS_RUNTIME_DOCKER;
	} else if (len > 14 && !strncmp(c, "machine-", 8) && !strncmp(c + len - 6, ".scope", 6) &&
		   name_id(c + 8, len - 14, out->id, sizeof(out->id))) {
		out->runtime = NS_RUNTIME_NSPAWN;
	} else if (len > 12 && !strncmp(c, "lxc.payload.", 12) &&
		   name_id(c + 12, len - 12, out->id, sizeof(out->id))) {
		out->runtime = NS_RUNTIME_LXC;
	} else if (plen == 3 && !strncmp(prev, "lxc", 3) &&
		   name_id(c, len, out->id, sizeof(out->id))) {
		out->runtime = NS_RUNTIME_LXC;
	}
}

/* One cgroup path ("/kubepods/burstable/pod.../<id>"): true when it names a container. */
static bool parse_path(const char *path, size_t len, struct ns_container *out)
{
	const char *prev = "", *end = path + len;
	size_t plen = 0;
	bool kube = false;

	memset(out, 0, sizeof(*out));
	for (const char *p = path; p < end;) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = slash ? (size_t)(slash - p) : (size_t)(end - p);

		if (n) {
			if (!strncmp(p, "kubepods", n < 8 ? n : 8) && n >= 8)
				kube = true;
			if (kube && !out->pod[0])
				pod_uid(p, n, out->pod, sizeof(out->pod));
			component(p, n, prev, plen, kube, out);
			prev = p;
			plen = n;
		}
		p += n + 1;
	}
	if (out->runtime == NS_RUNTIME_NONE && out->pod[0])
		out->runtime = NS_RUNTIME_KUBERNETES; /* the pod's own cgroup, no container */
	return out->runtime != NS_RUNTIME_NONE;
}

int ns_container_parse(const char *text, struct ns_container *out)
{
	if (!text || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	/* Lines "N:controllers:path" (/proc/<pid>/cgroup), or one bare path. */
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		const char *path = line, *c1 = memchr(line, ':', len), *c2;

		if (c1 && (c2 = memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - line))))
			path = c2 + 1;
		if (parse_path(path, len - (size_t)(path - line), out))
			return 1;
		line += len;
		if (*line)
			line++;
	}
	memset(out, 0, sizeof(*out));
	return 0;
}

const char *ns_container_format(const struct ns_container *c, char *buf, size_t size)
{
	/* Long hexadecimal IDs as docker ps shortens them. */
	int idlen = strlen(c->id) == 64 && all_hex(c->id, 64) ? 12 : (int)strlen(c->id);

	if (c->runtime == NS_RUNTIME_NONE)
		snprintf(buf, size, "%s", "");
	else if (c->pod[0] && c->id[0])
		snprintf(buf, size, "pod %s %s %.*s", c->pod, ns_runtime_name(c->runtime), idlen,
			 c->id);
	else if (c->pod[0])
		snprintf(buf, size, "pod %s", c->pod);
	else
		snprintf(buf, size, "%s %.*s", ns_runtime_name(c->runtime), idlen, c->id);
	return buf;
}
