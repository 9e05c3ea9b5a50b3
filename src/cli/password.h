/*
** password.h — obtaining a password on the command line without putting it in argv.
*/
#ifndef BM_CLI_PASSWORD_H
#define BM_CLI_PASSWORD_H

#include <stddef.h>

/* Takes the password from, in order: `given` (an explicit --password value), the first line of
 * `file` (--password-file), or standard input — prompting twice without echo when it is a
 * terminal, else reading one line. Returns 0, or -1 after printing why. */
int cli_get_password(const char *given, const char *file, char *out, size_t size);

#endif
