#include "status_text.h"

#include <stdio.h>
#include <string.h>

/* By code: the HTTP status and a short Vietnamese lead-in for the
 * broker's own message (which is English until reason ids land). */
static const struct {
    int code;
    unsigned http;
    const char *vi;
} codes[] = {
    {0, 200, "xong"},
    {1, 499, "đã hủy"},
    {2, 500, "lỗi không rõ"},
    {3, 400, "dữ liệu không hợp lệ"},
    {4, 504, "quá thời gian chờ"},
    {5, 404, "không tìm thấy"},
    {6, 409, "đã tồn tại"},
    {7, 403, "không có quyền"},
    {8, 429, "vượt giới hạn"},
    {9, 409, "chưa đủ điều kiện"},
    {10, 409, "dữ liệu đã thay đổi, hãy tải lại"},
    {11, 400, "ngoài phạm vi"},
    {12, 501, "chưa hỗ trợ"},
    {13, 500, "lỗi nội bộ"},
    {14, 503, "máy chủ thi đua không phản hồi"},
    {15, 500, "mất dữ liệu"},
    {16, 401, "chưa xác thực"},
};

static size_t row(int code)
{
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].code == code)
            return i;
    return 2; /* UNKNOWN */
}

void web_status_text(const thd_status_t *st, const char *lang, char *out, size_t cap)
{
    if (strcmp(lang, "en") == 0)
        snprintf(out, cap, "%s", st->message);
    else
        snprintf(out, cap, "%s: %s", codes[row(st->code)].vi, st->message);
}

unsigned web_http_status(int code)
{
    return codes[row(code)].http;
}
