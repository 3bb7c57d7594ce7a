#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <string.h>
#include <zlib.h>

/* glibc's memmem (a GNU extension, so not in Swift's Glibc module): the history search. */
static inline void *fd_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}
