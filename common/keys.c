/* Key files: a tiny "name = value" text format a person can read and
 * copy the public key from. Never logs a secret key. */
#include "keys.h"
#include "file_write.h"
#include "reasons.h"
#include "syserr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <zmq.h>

int keys_generate(key_pair_t *kp, thd_status_t *st)
{
    if (zmq_curve_keypair(kp->public_key, kp->secret_key) != 0)
        return thd_refuse(st, THD_R_KEYGEN_FAILED, "", zmq_strerror(errno));
    return 0;
}

bool keys_valid_z85(const char *s)
{
    uint8_t raw[32];
    return s && strlen(s) == KEY_Z85_LEN && zmq_z85_decode(raw, s) != NULL;
}

/* file_write's writer: the key file's text. Unbuffered, so a secret goes
 * straight to the file and is never left behind in a stdio buffer that
 * fclose frees without clearing. */
static int put_text(FILE *f, const char *path, void *arg)
{
    (void)path;
    setvbuf(f, NULL, _IONBF, 0);
    errno = 0;
    return fputs(arg, f) == EOF ? (errno ? errno : EIO) : 0;
}

/* Whether path can become a new key file: a name already taken (a folder
 * too) is KEY_FILE_EXISTS, a folder that is missing or not ours
 * KEY_FILE_CREATE; asked before anything is written. */
static int check_new(const char *path, thd_status_t *st)
{
    int err = file_write_check(path, false);
    if (err)
        return thd_refuse(
            st, err == EEXIST || err == EISDIR ? THD_R_KEY_FILE_EXISTS : THD_R_KEY_FILE_CREATE, "",
            path, thd_syserr(err));
    return 0;
}

/* A key file appears whole or not at all and never replaces one: a key
 * lost to an overwrite cannot be made again (common/file_write.h). */
static int write_file(const char *path, mode_t mode, const char *text, thd_status_t *st)
{
    int rc = check_new(path, st);
    if (rc)
        return rc;
    int err = file_write(path, false, mode, put_text, (void *)text);
    if (err)
        return thd_refuse(st, err == EEXIST ? THD_R_KEY_FILE_EXISTS : THD_R_KEY_FILE_WRITE, "",
                          path, thd_syserr(err));
    return 0;
}

int keys_write_secret(const char *path, const key_pair_t *kp, thd_status_t *st)
{
    char text[256];
    snprintf(text, sizeof text,
             "# thidua secret key: keep it private (mode 0600), never send it\n"
             "public-key = %s\nsecret-key = %s\n",
             kp->public_key, kp->secret_key);
    int rc = write_file(path, 0600, text, st);
    sodium_memzero(text, sizeof text);
    return rc;
}

int keys_write_public(const char *path, const char *public_key, thd_status_t *st)
{
    char text[160];
    snprintf(text, sizeof text, "# thidua public key: safe to share\npublic-key = %s\n",
             public_key);
    return write_file(path, 0644, text, st);
}

int keys_write_pair(const char *secret_path, const char *public_path, const key_pair_t *kp,
                    thd_status_t *st)
{
    /* both names are checked first, so a taken NAME.pub refuses before
     * NAME.key is written */
    int rc = check_new(secret_path, st);
    if (rc == 0)
        rc = check_new(public_path, st);
    if (rc == 0)
        rc = keys_write_secret(secret_path, kp, st);
    if (rc)
        return rc;
    rc = keys_write_public(public_path, kp->public_key, st);
    /* a secret key whose public half nobody has is of no use, and left in
     * place it would refuse the next try as "exists"; it was made just now
     * (file_write never replaces), so removing it removes nothing else */
    if (rc)
        unlink(secret_path);
    return rc;
}

/* Finds "NAME = VALUE" in text; copies a 40-character value into out. */
static bool find_key(const char *text, const char *name, char out[KEY_Z85_LEN + 1])
{
    size_t nlen = strlen(name);
    for (const char *line = text; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (strncmp(line, name, nlen) != 0)
            continue;
        const char *p = line + nlen;
        p += strspn(p, " \t");
        if (*p++ != '=')
            continue;
        p += strspn(p, " \t"); /* the key itself may start with '=' (Z85) */
        size_t len = strcspn(p, " \t\r\n");
        if (len != KEY_Z85_LEN)
            return false;
        memcpy(out, p, len);
        out[len] = '\0';
        return keys_valid_z85(out);
    }
    return false;
}

/* The file's first cap - 1 bytes; *open_to_others: its mode lets group or
 * others read it. */
static int read_small(const char *path, char *buf, size_t cap, bool *open_to_others,
                      thd_status_t *st)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return thd_refuse(st, errno == ENOENT ? THD_R_KEY_FILE_MISSING : THD_R_KEY_FILE_DENIED, "",
                          path, thd_syserr(errno));
    struct stat sb;
    bool stat_ok = fstat(fd, &sb) == 0;
    *open_to_others = !stat_ok || (sb.st_mode & 077);
    if (stat_ok && S_ISDIR(sb.st_mode)) { /* opens, but its read fails: not the program's fault */
        close(fd);
        return thd_refuse(st, THD_R_KEY_FILE_IS_FOLDER, "", path);
    }
    ssize_t n = read(fd, buf, cap - 1);
    close(fd);
    if (n < 0)
        return thd_refuse(st, THD_R_KEY_FILE_READ, "", path, thd_syserr(errno));
    buf[n] = '\0';
    return 0;
}

int keys_read_secret(const char *path, key_pair_t *kp, thd_status_t *st)
{
    char text[1024];
    bool open_to_others = true; /* gcc -O3 cannot see read_small set it */
    int rc = read_small(path, text, sizeof text, &open_to_others, st);
    if (rc)
        return rc;
    bool ok = find_key(text, "public-key", kp->public_key) &&
              find_key(text, "secret-key", kp->secret_key);
    sodium_memzero(text, sizeof text);
    /* what the file is first: "chmod 600" is advice only for a key (a
     * mistyped --key /etc/passwd was told to chmod it) */
    if (!ok)
        return thd_refuse(st, THD_R_KEY_FILE_NOT_SECRET, "", path);
    if (open_to_others) {
        sodium_memzero(kp, sizeof *kp);
        return thd_refuse(st, THD_R_KEY_FILE_OPEN, "", path, path);
    }
    return 0;
}

int keys_load_public(const char *arg, char out[KEY_Z85_LEN + 1], thd_status_t *st)
{
    /* a file wins: a 40-character path is also valid Z85 text */
    if (access(arg, F_OK) != 0 && keys_valid_z85(arg)) {
        memcpy(out, arg, KEY_Z85_LEN + 1);
        return 0;
    }
    char text[1024];
    bool open_to_others = true; /* gcc -O3 cannot see read_small set it */
    int rc = read_small(arg, text, sizeof text, &open_to_others, st);
    if (rc)
        return rc;
    bool ok = find_key(text, "public-key", out);
    sodium_memzero(text, sizeof text);
    if (!ok)
        return thd_refuse(st, THD_R_KEY_FILE_NO_PUBLIC, "", arg);
    return 0;
}
