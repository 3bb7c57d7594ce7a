#include <stddef.h>
#include <zlib.h>

/* glibc's memmem, the history search. It is a GNU extension: declared here rather than by
   defining _GNU_SOURCE, which would change the system headers under this module and clash
   with the other modules built from them. */
extern void *memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

static inline void *fd_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length) {
    return memmem(haystack, haystack_length, needle, needle_length);
}
