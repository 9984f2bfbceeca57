/* A tiny streaming JSON writer: the probe's only output format.
 * Every string goes through one escaper, so the document stays valid
 * whatever bytes a file name or a /proc line contains. */
#ifndef CBENCH_PROBE_JSON_H
#define CBENCH_PROBE_JSON_H

#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
    FILE *out;
    int pretty;
    int depth;
    /* Per open container: has an element been written yet (for commas)? */
    int has_items[JSON_MAX_DEPTH];
    /* A key was just written: the next value follows it without a comma. */
    int after_key;
};

void json_init(struct json *j, FILE *out, int pretty);
void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);
void json_key(struct json *j, const char *key);

/* NULL writes null. Invalid UTF-8 bytes become U+FFFD. */
void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, int v);
void json_null(struct json *j);

/* Shorthands for "key": value members of the current object. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_int(struct json *j, const char *key, long long v);
void json_kv_uint(struct json *j, const char *key, unsigned long long v);
void json_kv_bool(struct json *j, const char *key, int v);
void json_kv_null(struct json *j, const char *key);

/* "errno": "EPERM" for a non-zero code, null for 0. */
void json_kv_errno(struct json *j, const char *key, int code);

#endif
