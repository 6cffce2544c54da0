#ifndef TELEMETRY_SITE_CFILESWAP_SHIM_H
#define TELEMETRY_SITE_CFILESWAP_SHIM_H
#include <fcntl.h>
#include <malloc.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE). glibc's wrapper is
   not visible to Swift, so the system call is made directly. Returns 0, or -1 with errno. */
static inline int telemetry_site_exchange_paths(const char *first, const char *second) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, 2 /* RENAME_EXCHANGE */);
#else
    errno = 38; /* ENOSYS */
    return -1;
#endif
}

/* mallopt(3)'s M_MMAP_THRESHOLD (malloc.h is not part of Swift's Glibc module). Returns 1 when
   the allocator took the setting, 0 otherwise. */
static inline int telemetry_site_set_mmap_threshold(int bytes) {
    return mallopt(M_MMAP_THRESHOLD, bytes);
}

/* A file with no name in `directory`, open for reading and writing (open(2)'s O_TMPFILE, which
   Swift's Glibc module does not import): nothing is left behind, however the process ends.
   Returns the descriptor (close-on-exec), or -1 with errno (EOPNOTSUPP where the file system
   has no unnamed files). */
static inline int telemetry_site_open_unnamed(const char *directory) {
#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif
    return open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}
#endif
