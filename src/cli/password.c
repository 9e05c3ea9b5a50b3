/*
** password.c — reading passwords for init and user commands (see password.h).
*/
#include "cli/password.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int read_line(FILE *f, char *out, size_t size)
{
	if (!fgets(out, (int)size, f))
		return -1;
	out[strcspn(out, "\r\n")] = '\0';
	return 0;
}

static int prompt_hidden(const char *prompt, char *out, size_t size)
{
	struct termios old, quiet;
	fputs(prompt, stderr);
	tcgetattr(STDIN_FILENO, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	int rc = read_line(stdin, out, size);
	tcsetattr(STDIN_FILENO, TCSANOW, &old);
	fputc('\n', stderr);
	return rc;
}

int cli_get_password(const char *given, const char *file, char *out, size_t size)
{
	if (given) {
		snprintf(out, size, "%s", given);
		return 0;
	}
	if (file) {
		FILE *f = fopen(file, "r");
		int rc = f ? read_line(f, out, size) : -1;
		if (f)
			fclose(f);
		if (rc < 0)
			fprintf(stderr, "bianmin: 无法从 %s 读取密码\n", file);
		return rc;
	}
	if (!isatty(STDIN_FILENO)) {
		if (read_line(stdin, out, size) == 0)
			return 0;
		fputs("bianmin: 未能从标准输入读取密码\n", stderr);
		return -1;
	}
	char again[256];
	if (prompt_hidden("请输入密码：", out, size) < 0 ||
	    prompt_hidden("请再次输入：", again, sizeof again) < 0)
		return -1;
	if (strcmp(out, again) != 0) {
		fputs("bianmin: 两次输入的密码不一致\n", stderr);
		return -1;
	}
	return 0;
}
