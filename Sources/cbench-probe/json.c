#include "json.h"

#include <string.h>

#include "probe.h"

void json_init(struct json *j, FILE *out, int pretty) {
    memset(j, 0, sizeof(*j));
    j->out = out;
    j->pretty = pretty;
}

static void newline_indent(struct json *j) {
    if (!j->pretty) return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++) fputs("  ", j->out);
}

/* Separator and indentation before any value or key. */
static void before_item(struct json *j) {
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0 && j->depth <= JSON_MAX_DEPTH) {
        if (j->has_items[j->depth - 1]) fputc(',', j->out);
        j->has_items[j->depth - 1] = 1;
        newline_indent(j);
    }
}

static void open_container(struct json *j, char bracket) {
    before_item(j);
    fputc(bracket, j->out);
    /* Deeper nesting than we ever produce would be a probe bug; the
     * clamp keeps the writer memory-safe and the brackets balanced. */
    if (j->depth < JSON_MAX_DEPTH) j->has_items[j->depth] = 0;
    j->depth++;
}

static void close_container(struct json *j, char bracket) {
    int had_items = j->depth > 0 && j->depth <= JSON_MAX_DEPTH ? j->has_items[j->depth - 1] : 0;
    if (j->depth > 0) j->depth--;
    if (had_items) newline_indent(j);
    fputc(bracket, j->out);
}

void json_object_begin(struct json *j) { open_container(j, '{'); }
void json_object_end(struct json *j) { close_container(j, '}'); }
void json_array_begin(struct json *j) { open_container(j, '['); }
void json_array_end(struct json *j) { close_container(j, ']'); }

/* Length of the valid UTF-8 sequence starting at s (1..4), or 0 if invalid. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail) {
    unsigned char c = s[0];
    size_t need;
    unsigned int min;
    unsigned int cp;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { need = 2; min = 0x80; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { need = 3; min = 0x800; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { need = 4; min = 0x10000; cp = c & 0x07; }
    else return 0;
    if (avail < need) return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return need;
}

static void write_escaped(struct json *j, const char *s, size_t len) {
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', j->out);
    size_t i = 0;
    while (i < len) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            fputc('\\', j->out);
            fputc(c, j->out);
            i++;
        } else if (c == '\n') {
            fputs("\\n", j->out);
            i++;
        } else if (c == '\t') {
            fputs("\\t", j->out);
            i++;
        } else if (c == '\r') {
            fputs("\\r", j->out);
            i++;
        } else if (c < 0x20 || c == 0x7F) {
            fprintf(j->out, "\\u%04x", c);
            i++;
        } else if (c < 0x80) {
            fputc(c, j->out);
            i++;
        } else {
            size_t n = utf8_sequence_length(p + i, len - i);
            if (n == 0) {
                fputs("\\ufffd", j->out);
                i++;
            } else {
                fwrite(p + i, 1, n, j->out);
                i += n;
            }
        }
    }
    fputc('"', j->out);
}

void json_key(struct json *j, const char *key) {
    before_item(j);
    write_escaped(j, key, strlen(key));
    fputs(j->pretty ? ": " : ":", j->out);
    j->after_key = 1;
}

void json_string_n(struct json *j, const char *s, size_t len) {
    before_item(j);
    if (s == NULL) fputs("null", j->out);
    else write_escaped(j, s, len);
}

void json_string(struct json *j, const char *s) {
    json_string_n(j, s, s ? strlen(s) : 0);
}

void json_int(struct json *j, long long v) {
    before_item(j);
    fprintf(j->out, "%lld", v);
}

void json_uint(struct json *j, unsigned long long v) {
    before_item(j);
    fprintf(j->out, "%llu", v);
}

void json_bool(struct json *j, int v) {
    before_item(j);
    fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j) {
    before_item(j);
    fputs("null", j->out);
}

void json_kv_string(struct json *j, const char *key, const char *s) { json_key(j, key); json_string(j, s); }
void json_kv_int(struct json *j, const char *key, long long v) { json_key(j, key); json_int(j, v); }
void json_kv_uint(struct json *j, const char *key, unsigned long long v) { json_key(j, key); json_uint(j, v); }
void json_kv_bool(struct json *j, const char *key, int v) { json_key(j, key); json_bool(j, v); }
void json_kv_null(struct json *j, const char *key) { json_key(j, key); json_null(j); }

void json_kv_errno(struct json *j, const char *key, int code) {
    json_key(j, key);
    if (code == 0) json_null(j);
    else json_string(j, probe_errno_name(code));
}
