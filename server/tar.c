/* ustar headers: octal fields, a checksum over the header with its own
 * field taken as spaces, data padded to 512-byte blocks, two zero blocks at
 * the end (POSIX.1-2001, "pax" interchange format, ustar variant). */
#include "tar.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#define BLOCK 512

struct tar_writer {
    FILE *out;
    int64_t mtime;
    long header_at; /* offset of the open member's header, -1 when none */
    tar_member_t cur;
    crypto_hash_sha256_state h;
    bool failed;
};

struct header {
    char name[100], mode[8], uid[8], gid[8], size[12], mtime[12], chksum[8], type, link[100];
    char magic[6], version[2], uname[32], gname[32], devmajor[8], devminor[8], prefix[155];
    char pad[12];
};
_Static_assert(sizeof(struct header) == BLOCK, "ustar header is one block");

static unsigned header_sum(const struct header *hd)
{
    const unsigned char *p = (const unsigned char *)hd;
    unsigned sum = 0;
    for (size_t i = 0; i < BLOCK; i++)
        sum +=
            i >= offsetof(struct header, chksum) && i < offsetof(struct header, type) ? ' ' : p[i];
    return sum;
}

/* Splits name into prefix and name at a '/', as ustar allows. */
static int put_name(struct header *hd, const char *name)
{
    size_t n = strlen(name);
    if (n <= sizeof hd->name) {
        memcpy(hd->name, name, n);
        return 0;
    }
    for (size_t cut = n - 1; cut > 0; cut--)
        if (name[cut] == '/' && cut <= sizeof hd->prefix && n - cut - 1 <= sizeof hd->name) {
            memcpy(hd->prefix, name, cut);
            memcpy(hd->name, name + cut + 1, n - cut - 1);
            return 0;
        }
    return -1;
}

static int fill_header(struct header *hd, const char *name, uint64_t size, int64_t mtime)
{
    memset(hd, 0, sizeof *hd);
    if (put_name(hd, name) != 0 || size >= (1ULL << 33))
        return -1;
    snprintf(hd->mode, sizeof hd->mode, "%07o", 0644);
    snprintf(hd->uid, sizeof hd->uid, "%07o", 0);
    snprintf(hd->gid, sizeof hd->gid, "%07o", 0);
    snprintf(hd->size, sizeof hd->size, "%011llo", (unsigned long long)size);
    snprintf(hd->mtime, sizeof hd->mtime, "%011llo", (unsigned long long)mtime);
    hd->type = '0';
    memcpy(hd->magic, "ustar", 6);
    memcpy(hd->version, "00", 2);
    snprintf(hd->chksum, sizeof hd->chksum, "%06o", header_sum(hd));
    hd->chksum[7] = ' ';
    return 0;
}

tar_writer_t *tar_writer_new(FILE *out, int64_t mtime)
{
    tar_writer_t *w = calloc(1, sizeof *w);
    if (w) {
        w->out = out;
        w->mtime = mtime;
        w->header_at = -1;
    }
    return w;
}

int tar_begin(tar_writer_t *w, const char *name)
{
    struct header hd;
    if (w->header_at >= 0 || strlen(name) > TAR_NAME_MAX || fill_header(&hd, name, 0, 0) != 0)
        return -1;
    memset(&w->cur, 0, sizeof w->cur);
    strcpy(w->cur.name, name);
    crypto_hash_sha256_init(&w->h);
    w->header_at = ftell(w->out);
    if (w->header_at < 0 || fwrite(&hd, BLOCK, 1, w->out) != 1) /* placeholder */
        w->failed = true;
    return w->failed ? -1 : 0;
}

int tar_write(tar_writer_t *w, const void *data, size_t len)
{
    if (!len)
        return 0;
    crypto_hash_sha256_update(&w->h, data, len);
    w->cur.size += len;
    if (fwrite(data, 1, len, w->out) != len)
        w->failed = true;
    return w->failed ? -1 : 0;
}

int tar_printf(tar_writer_t *w, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, again);
    va_end(again);
    int rc = s ? tar_write(w, s, (size_t)n) : -1;
    free(s);
    return rc;
}

static int pad(FILE *out, uint64_t size)
{
    static const char zeros[BLOCK];
    size_t n = (size_t)((BLOCK - size % BLOCK) % BLOCK);
    return n && fwrite(zeros, 1, n, out) != n ? -1 : 0;
}

int tar_end(tar_writer_t *w, tar_member_t *done)
{
    struct header hd;
    if (w->header_at < 0)
        return -1;
    crypto_hash_sha256_final(&w->h, w->cur.sha256);
    if (pad(w->out, w->cur.size) != 0 || fill_header(&hd, w->cur.name, w->cur.size, w->mtime) != 0)
        w->failed = true;
    long end = ftell(w->out);
    if (w->failed || end < 0 || fseek(w->out, w->header_at, SEEK_SET) != 0 ||
        fwrite(&hd, BLOCK, 1, w->out) != 1 || fseek(w->out, end, SEEK_SET) != 0)
        w->failed = true;
    w->header_at = -1;
    if (done)
        *done = w->cur;
    return w->failed ? -1 : 0;
}

int tar_writer_finish(tar_writer_t **w_p)
{
    static const char zeros[2 * BLOCK];
    tar_writer_t *w = *w_p;
    bool ok =
        !w->failed && w->header_at < 0 && fwrite(zeros, 1, sizeof zeros, w->out) == sizeof zeros;
    tar_writer_destroy(w_p);
    return ok ? 0 : -1;
}

void tar_writer_destroy(tar_writer_t **w_p)
{
    free(*w_p);
    *w_p = NULL;
}

static uint64_t octal(const char *field, size_t len, bool *ok)
{
    uint64_t v = 0;
    size_t i = 0;
    while (i < len && field[i] == ' ')
        i++;
    size_t start = i;
    for (; i < len && field[i] >= '0' && field[i] <= '7'; i++)
        v = v * 8 + (uint64_t)(field[i] - '0');
    if (i == start || (i < len && field[i] != '\0' && field[i] != ' '))
        *ok = false;
    return v;
}

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

#define WHY(...) (snprintf(why, cap, __VA_ARGS__), -1)

/* Reads one header block: 1, 0 at the closing blocks, -1 (why set). */
static int read_header(FILE *in, struct header *hd, char *why, size_t cap)
{
    size_t got = fread(hd, 1, BLOCK, in);
    if (got == 0 && feof(in))
        return WHY("the file ends without tar's closing blocks");
    if (got != BLOCK)
        return WHY("a tar header is cut short");
    if (all_zero((const unsigned char *)hd, BLOCK))
        return 0;
    bool ok = true;
    unsigned sum = (unsigned)octal(hd->chksum, sizeof hd->chksum, &ok);
    if (!ok || sum != header_sum(hd) || memcmp(hd->magic, "ustar", 5) != 0)
        return WHY("a tar header is damaged (its checksum does not match)");
    return 1;
}

int tar_next(FILE *in, tar_member_t *m, char *why, size_t cap)
{
    struct header hd;
    int rc;
    /* directories, as tools that repack an archive add them: nothing to read */
    while ((rc = read_header(in, &hd, why, cap)) == 1 && hd.type == '5')
        ;
    if (rc != 1)
        return rc;
    if (hd.type != '0' && hd.type != '\0')
        return WHY("a tar member is not a plain file (type '%c')", hd.type);
    memset(m, 0, sizeof *m);
    size_t np = strnlen(hd.prefix, sizeof hd.prefix), nn = strnlen(hd.name, sizeof hd.name);
    if (np) {
        memcpy(m->name, hd.prefix, np);
        m->name[np++] = '/';
    }
    memcpy(m->name + np, hd.name, nn);
    bool ok = true;
    m->size = octal(hd.size, sizeof hd.size, &ok);
    if (!ok || !*m->name)
        return WHY("a tar header has a bad size or no name");
    return 1;
}

int tar_read_data(FILE *in, tar_member_t *m, char **keep, char *why, size_t cap)
{
    char buf[65536];
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    char *copy = NULL;
    if (keep) {
        if (m->size > (1ULL << 31) || !(copy = malloc((size_t)m->size + 1)))
            return WHY("'%s' is too big to read", m->name);
        copy[m->size] = '\0';
    }
    uint64_t left = m->size + (BLOCK - m->size % BLOCK) % BLOCK, data = m->size;
    while (left) {
        size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
        if (fread(buf, 1, want, in) != want) {
            free(copy);
            return WHY("'%s' is cut short", m->name);
        }
        size_t used = data < want ? (size_t)data : want;
        crypto_hash_sha256_update(&h, (unsigned char *)buf, used);
        if (copy)
            memcpy(copy + (m->size - data), buf, used);
        data -= used;
        left -= want;
    }
    crypto_hash_sha256_final(&h, m->sha256);
    if (keep)
        *keep = copy;
    return 0;
}
