#ifndef FRONTDESK_CNCURSESW_SHIM_H
#define FRONTDESK_CNCURSESW_SHIM_H

/* Wide-character curses: cchar_t, wget_wch, mvwadd_wch. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <langinfo.h>
#include <string.h>

/* Macros and globals that do not import cleanly into Swift 6. */
static inline WINDOW *fd_stdscr(void) { return stdscr; }
static inline int fd_lines(void) { return LINES; }
static inline int fd_cols(void) { return COLS; }
static inline int fd_colors(void) { return COLORS; }
static inline attr_t fd_a_normal(void) { return A_NORMAL; }
static inline attr_t fd_a_bold(void) { return A_BOLD; }
static inline attr_t fd_a_reverse(void) { return A_REVERSE; }
static inline attr_t fd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t fd_a_dim(void) { return A_DIM; }
static inline int fd_key_code_yes(void) { return KEY_CODE_YES; }
static inline int fd_err(void) { return ERR; }
static inline int fd_ok(void) { return OK; }

/* Builds a cchar_t from up to CCHARW_MAX wide characters (a grapheme cluster). */
static inline int fd_put_cluster(WINDOW *win, int y, int x, const wchar_t *chars, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, chars, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}
/* 1 when $TERM names a terminal that can address its cursor and clear its screen: what the
   console needs. A `dumb` terminal, an unknown one, or a missing TERM gets 0. */
static inline int fd_terminal_is_usable(void) {
    int err = 0;
    if (setupterm(NULL, 1, &err) != OK) return 0;
    char *cup = tigetstr("cup");
    char *clear = tigetstr("clear");
    int usable = cup != NULL && cup != (char *)-1 && clear != NULL && clear != (char *)-1;
    del_curterm(cur_term);
    return usable;
}

/* String capability `name` of terminal `term` (NULL: $TERM's), copied NUL-terminated into
   `buffer` of `size` bytes; 0 when the terminal or the capability is unknown (or too long).
   Looked up on its own, before curses starts: nothing is written to the screen. */
static inline int fd_terminal_string(const char *term, const char *name, char *buffer, int size) {
    int err = 0;
    if (setupterm((char *)term, 1, &err) != OK) return 0;
    char *value = tigetstr((char *)name);
    int found = value != NULL && value != (char *)-1 && (int)strlen(value) < size;
    if (found) strcpy(buffer, value);
    del_curterm(cur_term);
    return found;
}

/* The character set of the current locale ("UTF-8", "ANSI_X3.4-1968", ...). */
static inline const char *fd_codeset(void) { return nl_langinfo(CODESET); }
#endif

