#ifndef RECEIPTS_CCURL_SHIM_H
#define RECEIPTS_CCURL_SHIM_H

#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call.
 * Each wrapper below fixes the argument type that the option family expects. */

/* Options taking a long (CURLOPT_VERBOSE, CURLOPT_TIMEOUT, CURLOPT_UPLOAD, ...). */
static inline CURLcode receipts_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
/* Options taking a C string; libcurl copies it (CURLOPT_URL, CURLOPT_AWS_SIGV4, ...). */
static inline CURLcode receipts_curl_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
/* Options taking a curl_off_t (CURLOPT_INFILESIZE_LARGE, ...). */
static inline CURLcode receipts_curl_setopt_off(CURL *h, CURLoption o, curl_off_t v) {
    return curl_easy_setopt(h, o, v);
}
/* Options taking an object pointer (CURLOPT_HTTPHEADER slist, CURLOPT_MIMEPOST, userdata). */
static inline CURLcode receipts_curl_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
/* Callback options, one typed wrapper per callback signature. */
typedef size_t (*receipts_curl_data_cb)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode receipts_curl_setopt_write_function(CURL *h, receipts_curl_data_cb cb) {
    return curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, cb);
}
static inline CURLcode receipts_curl_setopt_header_function(CURL *h, receipts_curl_data_cb cb) {
    return curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, cb);
}
static inline CURLcode receipts_curl_setopt_read_function(CURL *h, receipts_curl_data_cb cb) {
    return curl_easy_setopt(h, CURLOPT_READFUNCTION, cb);
}

/* Progress callback: returning non-zero aborts the transfer (used to abandon uploads). */
typedef int (*receipts_curl_xferinfo_cb)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode receipts_curl_setopt_xferinfo_function(CURL *h, receipts_curl_xferinfo_cb cb) {
    return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, cb);
}

/* getinfo results, by the type CURLINFO_* says it returns. */
static inline CURLcode receipts_curl_getinfo_long(CURL *h, CURLINFO i, long *out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode receipts_curl_getinfo_string(CURL *h, CURLINFO i, const char **out) {
    return curl_easy_getinfo(h, i, out);
}
static inline CURLcode receipts_curl_getinfo_double(CURL *h, CURLINFO i, double *out) {
    return curl_easy_getinfo(h, i, out);
}

#endif
