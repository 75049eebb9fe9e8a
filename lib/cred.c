// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Credentials: reading USER:GROUP and group lists the way chroot(8) and chown(1) do, looking
 * them up in the user and group databases of the current root, and setting them: the
 * supplementary groups, then the group, then the user (the user last, as it gives up the right
 * to change the others).
 */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* The largest ID a spec may name; (uid_t)-1 itself means "unchanged" to the kernel. */
#define ID_MAX 4294967295UL

int ns_id_parse_number(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	const char *p = s;

	if (!s)
		return -EINVAL;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (ULONG_MAX - d) / 10) {
			/* Keep reading: a bad character after the digits makes it no number at all. */
			while (*p >= '0' && *p <= '9')
				p++;
			return *p ? -EINVAL : -ERANGE;
		}
		v = v * 10 + d;
	}
	if (*p)
		return -EINVAL;
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

/* A number that is a valid user or group ID for a spec: not (id_t)-1, not beyond 32 bits. */
static bool spec_id(const char *s, unsigned long *out)
{
	unsigned long v;

	if (ns_id_parse_number(s, ID_MAX, &v) || v == ID_MAX)
		return false;
	*out = v;
	return true;
}

/*
 * One USER and GROUP split by sep (NULL: no separator at all). Nothing is stored unless the
 * whole spec resolves.
 */
static int userspec_split(const char *spec, const char *sep, uid_t *uid, gid_t *gid,
			  struct ns_error *err)
{
	const char *group = sep && sep[1] ? sep + 1 : NULL;
	uid_t unum = *uid;
	gid_t gnum = *gid;
	size_t ulen = sep ? (size_t)(sep - spec) : strlen(spec);
	unsigned long v;
	char *user;

	if (ulen) {
		struct passwd *pw;

		user = strndup(spec, ulen);
		if (!user)
			return nsi_error(err, NS_STEP_PARSE, ENOMEM, "cannot parse the user spec");
		/* A leading '+' means a number: no lookup, so a name made of digits cannot win. */
		pw = user[0] == '+' ? NULL : getpwnam(user);
		if (pw) {
			unum = pw->pw_uid;
			if (sep && !group)
				gnum = pw->pw_gid; /* "USER:": the login group */
		} else if (sep && !group) {
			/* "N:" asks for the login group of a user that has no entry. */
			free(user);
			return nsi_error(err, NS_STEP_PARSE, 0, "invalid spec");
		} else if (spec_id(user, &v)) {
			unum = (uid_t)v;
		} else {
			free(user);
			return nsi_error(err, NS_STEP_PARSE, 0, "invalid user");
		}
		free(user);
	}
	if (group) {
		struct group *gr = group[0] == '+' ? NULL : getgrnam(group);

		if (gr)
			gnum = gr->gr_gid;
		else if (spec_id(group, &v))
			gnum = (gid_t)v;
		else
			return nsi_error(err, NS_STEP_PARSE, 0, "invalid group");
	}
	*uid = unum;
	*gid = gnum;
	return 0;
}

int ns_userspec_parse(const char *spec, uid_t *uid, gid_t *gid, bool *dot, struct ns_error *err)
{
	const char *colon = strchr(spec, ':');
	const char *period;
	int rc;

	if (dot)
		*dot = false;
	rc = userspec_split(spec, colon, uid, gid, err);
	if (rc == 0 || colon)
		return rc;
	/*
	 * "USER.GROUP", the old BSD form: only when the whole is no user name (names may contain
	 * dots), and the error stays the first reading's when this one fails too.
	 */
	period = strchr(spec, '.');
	if (period && userspec_split(spec, period, uid, gid, NULL) == 0) {
		if (dot)
			*dot = true;
		return 0;
	}
	return rc;
}

/* One item of a group list: a name, or a number (which a group of that name overrides). */
static int lookup_group(const char *item, gid_t *gid)
{
	unsigned long v;
	struct group *gr;

	if (ns_id_parse_number(item, ID_MAX, &v) == 0) {
		while (isspace((unsigned char)*item))
			item++;
		if (*item != '+') {
			gr = getgrnam(item);
			if (gr)
				v = gr->gr_gid;
		}
		*gid = (gid_t)v;
		return 0;
	}
	gr = getgrnam(item);
	if (!gr)
		return errno ? errno : -1;
	*gid = gr->gr_gid;
	return 0;
}

int ns_grouplist_parse(const char *list, gid_t **gids, ns_bad_group_fn bad, void *data,
		       struct ns_error *err)
{
	char *copy = strdup(list), *item, *save = NULL;
	gid_t *v = NULL;
	size_t n = 0, nbad = 0;
	int rc = 0;

	*gids = NULL;
	if (!copy)
		return nsi_error(err, NS_STEP_PARSE, ENOMEM, "cannot parse the group list");
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		gid_t gid;
		int e;

		errno = 0;
		e = lookup_group(item, &gid);
		if (e) {
			if (!nbad++)
				rc = nsi_error(err, NS_STEP_PARSE, 0, "invalid group '%s'", item);
			if (!bad)
				break;
			bad(item, e > 0 ? e : 0, data);
			continue;
		}
		if (!nbad) {
			gid_t *p = realloc(v, (n + 1) * sizeof(*p));

			if (!p) {
				rc = nsi_error(err, NS_STEP_PARSE, ENOMEM,
					       "cannot parse the group list");
				break;
			}
			v = p;
			v[n++] = gid;
		}
	}
	free(copy);
	if (!rc && n == 0)
		rc = nsi_error(err, NS_STEP_PARSE, 0, "invalid group list '%s'", list);
	if (rc) {
		free(v);
		return rc;
	}
	*gids = v;
	return (int)n;
}

/* getgrouplist(3) into a malloc'ed array: the group itself first, then user's memberships. */
static int user_groups(const char *user, gid_t gid, gid_t **out)
{
	int n = 16;

	for (;;) {
		gid_t *v = malloc((size_t)n * sizeof(*v));
		int want = n;

		if (!v)
			return -ENOMEM;
		if (getgrouplist(user, gid, v, &want) >= 0) {
			*out = v;
			return want;
		}
		free(v);
		n = want > n ? want : n * 2;
	}
}

struct ns_creds_state {
	char *spec; /* the user spec, a trailing ':' taken off; NULL when none */
	char *groups; /* the group list; "" clears; NULL: not given */
	char *user; /* the user's name, for getgrouplist */
	size_t host_ngids; /* the host's answer for the supplementary groups */
	gid_t *host_gids;
};

int ns_creds_init(struct ns_creds *c, const char *userspec, const char *groups,
		  struct ns_error *err)
{
	struct ns_creds_state *st;

	*c = (struct ns_creds){ .uid = NS_UID_UNSET, .gid = NS_GID_UNSET };
	if (!userspec && !groups)
		return 0; /* nothing to look up: no state (and no malloc at start-up) */
	st = c->state = calloc(1, sizeof(*st));
	if (!st)
		return nsi_error(err, NS_STEP_PARSE, ENOMEM, "cannot parse the user spec");
	if (userspec) {
		/* "USER:" is read as "USER": the login group is found below, also for "+N:". */
		size_t len = strlen(userspec);

		st->spec = strdup(userspec);
		if (st->spec && len && st->spec[len - 1] == ':')
			st->spec[len - 1] = '\0';
	}
	if (groups)
		st->groups = strdup(groups);
	if ((userspec && !st->spec) || (groups && !st->groups)) {
		ns_creds_free(c);
		return nsi_error(err, NS_STEP_PARSE, ENOMEM, "cannot parse the user spec");
	}
	return 0;
}

void ns_creds_free(struct ns_creds *c)
{
	struct ns_creds_state *st = c->state;

	free(c->gids);
	c->gids = NULL;
	c->ngids = 0;
	if (!st)
		return;
	free(st->spec);
	free(st->groups);
	free(st->user);
	free(st->host_gids);
	free(st);
	c->state = NULL;
}

static void remember_user(struct ns_creds_state *st, const char *name)
{
	char *copy = strdup(name);

	if (copy) {
		free(st->user);
		st->user = copy;
	}
}

void ns_creds_lookup_host(struct ns_creds *c)
{
	struct ns_creds_state *st = c->state;

	if (!st)
		return;
	nsi_trace("look the names up in the host's databases first: that loads the NSS modules, "
		  "and their answers stand in where the new root's own files know nothing",
		  "getpwnam(), getgrnam(), getgrouplist() /* before chroot */");
	if (st->spec)
		ns_userspec_parse(st->spec, &c->uid, &c->gid, NULL, NULL);
	if (c->uid != NS_UID_UNSET && (!st->groups || c->gid == NS_GID_UNSET)) {
		struct passwd *pw = getpwuid(c->uid);

		if (pw) {
			if (c->gid == NS_GID_UNSET)
				c->gid = pw->pw_gid;
			remember_user(st, pw->pw_name);
		}
	}
	if (st->groups && *st->groups) {
		int n = ns_grouplist_parse(st->groups, &st->host_gids, NULL, NULL, NULL);

		st->host_ngids = n > 0 ? (size_t)n : 0;
	} else if (!st->groups && c->gid != NS_GID_UNSET && st->user) {
		int n = user_groups(st->user, c->gid, &st->host_gids);

		st->host_ngids = n > 0 ? (size_t)n : 0;
	}
}

int ns_creds_resolve_user(struct ns_creds *c, bool *dot, struct ns_error *err)
{
	struct ns_creds_state *st = c->state;
	int rc;

	*dot = false;
	if (!st)
		return 0;
	if (st->spec || st->groups)
		nsi_trace("look the names up again, now in this root's /etc/passwd and /etc/group: "
			  "its answers win",
			  "getpwnam(), getgrnam(), getgrouplist() /* after chroot */");
	if (st->spec) {
		rc = ns_userspec_parse(st->spec, &c->uid, &c->gid, dot, err);
		if (rc)
			return rc;
	}
	if (c->uid != NS_UID_UNSET && (!st->groups || c->gid == NS_GID_UNSET)) {
		struct passwd *pw;

		errno = 0;
		pw = getpwuid(c->uid);
		if (pw) {
			if (c->gid == NS_GID_UNSET)
				c->gid = pw->pw_gid;
			remember_user(st, pw->pw_name);
		} else if (c->gid == NS_GID_UNSET) {
			return nsi_error(err, NS_STEP_PARSE, errno,
					 "no group specified for unknown uid: %d", (int)c->uid);
		}
	}
	return 0;
}

int ns_creds_resolve_groups(struct ns_creds *c, ns_bad_group_fn bad, void *data,
			    struct ns_error *err)
{
	struct ns_creds_state *st = c->state;
	int n;

	if (!st)
		return 0;
	c->set_groups = c->uid != NS_UID_UNSET || st->groups;
	if (st->groups && *st->groups) {
		/* The new root's answer wins; the host's stands in only when it found them all. */
		n = ns_grouplist_parse(st->groups, &c->gids, st->host_ngids ? NULL : bad, data,
				       err);
		if (n > 0) {
			c->ngids = (size_t)n;
			return 0;
		}
		if (!st->host_ngids)
			return n;
	} else if (!st->groups && c->gid != NS_GID_UNSET && st->user) {
		n = user_groups(st->user, c->gid, &c->gids);
		if (n > 0) {
			c->ngids = (size_t)n;
			return 0;
		}
		if (!st->host_ngids)
			return nsi_error(err, NS_STEP_CREDS, n < 0 ? -n : 0,
					 "failed to get supplemental groups");
	} else {
		return 0; /* "--groups=": none at all; no list: the caller's stay */
	}
	free(c->gids);
	c->gids = st->host_gids;
	c->ngids = st->host_ngids;
	st->host_gids = NULL;
	st->host_ngids = 0;
	return 0;
}

/* setgroups(2), setgid(2), setuid(2), each announced; steps NS_STEP_CRED_GROUPS, _GID, _UID. */
static int set_groups(size_t n, const gid_t *groups, struct ns_error *err)
{
	if (nsi_tracing()) {
		char list[256] = "";
		size_t len = 0;

		for (size_t i = 0; i < n && len < sizeof(list) - 16; i++)
			len += snprintf(list + len, sizeof(list) - len, "%s%u", i ? ", " : "",
					(unsigned)groups[i]);
		nsi_trace("set the supplementary groups", "setgroups(%zu, [%s])", n, list);
	}
	if (setgroups(n, groups) < 0)
		return nsi_error(err, NS_STEP_CRED_GROUPS, errno, "setgroups failed");
	return 0;
}

static int set_gid(gid_t gid, struct ns_error *err)
{
	nsi_trace("set the real, effective and saved group ID", "setgid(%u)", (unsigned)gid);
	if (setgid(gid) < 0)
		return nsi_error(err, NS_STEP_CRED_GID, errno, "setgid failed");
	return 0;
}

static int set_uid(uid_t uid, struct ns_error *err)
{
	nsi_trace("set the real, effective and saved user ID", "setuid(%u)", (unsigned)uid);
	if (setuid(uid) < 0)
		return nsi_error(err, NS_STEP_CRED_UID, errno, "setuid failed");
	return 0;
}

void ns_cred_init(struct ns_cred *c)
{
	*c = (struct ns_cred){ .uid = NS_UID_UNSET, .gid = NS_GID_UNSET };
}

int ns_cred_set(const struct ns_cred *c, struct ns_error *err)
{
	int rc;

	if (c->set_groups) {
		rc = set_groups(c->ngroups, c->groups, err);
		/* A user namespace whose setgroups is "deny" has no groups to drop. */
		if (rc == -EPERM && c->groups_may_fail)
			rc = 0;
		if (rc)
			return rc;
	}
	if (c->gid != NS_GID_UNSET) {
		rc = set_gid(c->gid, err);
		if (rc)
			return rc;
	}
	if (c->uid != NS_UID_UNSET)
		return set_uid(c->uid, err);
	return 0;
}

int ns_creds_apply(const struct ns_creds *c, struct ns_error *err)
{
	struct ns_cred cred = { .uid = c->uid,
				.gid = c->gid,
				.set_groups = c->set_groups,
				.ngroups = c->ngids,
				.groups = c->gids };

	return ns_cred_set(&cred, err);
}
