/* CURVE key pairs and key files.
 *
 * A secret key file holds both keys and must not be readable by group or
 * others; a public key file holds only the public key. Keys are Z85 text
 * (40 characters), the form libzmq takes in zmq_setsockopt. */
#ifndef THD_KEYS_H
#define THD_KEYS_H

#include <stdbool.h>
#include "status.h"

#define KEY_Z85_LEN 40

typedef struct key_pair {
    char public_key[KEY_Z85_LEN + 1];
    char secret_key[KEY_Z85_LEN + 1];
} key_pair_t;

int keys_generate(key_pair_t *kp, thd_status_t *st);
bool keys_valid_z85(const char *s);
/* Writes PATH (secret, mode 0600) or PATH (public, 0644) through
 * file_write: whole or not at all; refused (KEY_FILE_EXISTS) if the name
 * is taken, never replacing a key. */
int keys_write_secret(const char *path, const key_pair_t *kp, thd_status_t *st);
int keys_write_public(const char *path, const char *public_key, thd_status_t *st);
/* Writes both files of a pair, or neither: refused before writing when
 * either name is taken; the secret file is removed again when the public
 * one cannot be written. */
int keys_write_pair(const char *secret_path, const char *public_path, const key_pair_t *kp,
                    thd_status_t *st);
/* Reads a secret key file into kp; refuses a file others may read. */
int keys_read_secret(const char *path, key_pair_t *kp, thd_status_t *st);
/* ARG is a Z85 key itself or the path of a key file (public or secret);
 * writes the public key into out. */
int keys_load_public(const char *arg, char out[KEY_Z85_LEN + 1], thd_status_t *st);

#endif
