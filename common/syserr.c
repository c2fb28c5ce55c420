#include "syserr.h"

#include <errno.h>
#include <string.h>

#define N_(s) s

static const struct {
    int e;
    const char *text;
} words[] = {
    {ENOENT, N_("no such file or folder")},
    {EISDIR, N_("it is a folder, not a file")},
    {ENOTDIR, N_("a part of the path is not a folder")},
    {EACCES, N_("you may not read or write there")},
    {EEXIST, N_("it exists already")},
    {ENOSPC, N_("the disk is full")},
    {EROFS, N_("the disk is read-only")},
};

const char *thd_syserr_words(int e)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].e == e)
            return words[i].text;
    return NULL;
}

const char *thd_syserr(int e)
{
    const char *w = thd_syserr_words(e);
    return w ? w : strerror(e);
}

bool thd_syserr_is_words(const char *text)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].text, text) == 0)
            return true;
    return false;
}
