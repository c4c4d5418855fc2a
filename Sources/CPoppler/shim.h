#ifndef RECEIPTS_CPOPPLER_SHIM_H
#define RECEIPTS_CPOPPLER_SHIM_H

#include <poppler.h>
#include <cairo.h>
#include <string.h>

/* GLib's GError and GBytes plumbing kept on the C side, so Swift sees plain values. */

/* Opens a PDF held in memory. Poppler reads `data` in place: the caller keeps it alive as long
 * as the document. NULL on failure, with a message in *error_out (free it with g_free). */
static inline PopplerDocument *receipts_pdf_open(const void *data, size_t length, char **error_out) {
    GError *error = NULL;
    GBytes *bytes = g_bytes_new_static(data, length);
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &error);
    g_bytes_unref(bytes); /* the document holds its own reference */
    if (!doc) {
        *error_out = g_strdup(error ? error->message : "unknown error");
        if (error) g_error_free(error);
    }
    return doc;
}

static inline void receipts_pdf_close(PopplerDocument *doc) { g_object_unref(doc); }

/* One character of a page's text layer and where it is printed. */
typedef struct { double x1, y1, x2, y2; const char *utf8; int length; } receipts_pdf_glyph;

static int receipts_pdf_by_y(const void *a, const void *b) {
    const receipts_pdf_glyph *p = a, *q = b;
    double d = (p->y1 + p->y2) - (q->y1 + q->y2);
    return d < 0 ? -1 : d > 0 ? 1 : 0;
}
static int receipts_pdf_by_x(const void *a, const void *b) {
    const receipts_pdf_glyph *p = a, *q = b;
    return p->x1 < q->x1 ? -1 : p->x1 > q->x1 ? 1 : 0;
}

/* The text layer of page `index` (0-based) as printed lines, or NULL; free with g_free.
 * Poppler's own text follows columns and blocks, which splits a receipt's label from its amount
 * ("TOTAL" here, "25.23" lines later); this rebuilds each printed line from the glyphs'
 * positions, with spaces for the gaps, as OCR of the rendered page would read it. */
static inline char *receipts_pdf_page_text(PopplerDocument *doc, int index) {
    PopplerPage *page = poppler_document_get_page(doc, index);
    if (!page) return NULL;
    char *text = poppler_page_get_text(page);
    PopplerRectangle *rects = NULL;
    guint count = 0;
    if (!text || !poppler_page_get_text_layout(page, &rects, &count) || count == 0) {
        g_object_unref(page);
        return text;
    }
    receipts_pdf_glyph *glyphs = g_new(receipts_pdf_glyph, count);
    guint n = 0;
    const char *c = text;
    for (guint i = 0; i < count && *c; i++, c = g_utf8_next_char(c)) {
        gunichar u = g_utf8_get_char(c);
        if (g_unichar_isspace(u)) continue;
        glyphs[n++] = (receipts_pdf_glyph){rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2, c,
                                           (int)(g_utf8_next_char(c) - c)};
    }
    qsort(glyphs, n, sizeof *glyphs, receipts_pdf_by_y);
    GString *out = g_string_new(NULL);
    for (guint start = 0; start < n;) {
        /* A line: glyphs whose vertical centres lie within half a glyph height of the first. */
        double centre = (glyphs[start].y1 + glyphs[start].y2) / 2, height = glyphs[start].y2 - glyphs[start].y1;
        guint end = start + 1;
        while (end < n && (glyphs[end].y1 + glyphs[end].y2) / 2 - centre < height / 2) end++;
        qsort(glyphs + start, end - start, sizeof *glyphs, receipts_pdf_by_x);
        for (guint i = start; i < end; i++) {
            if (i > start) {
                double width = glyphs[i].x2 - glyphs[i].x1, gap = glyphs[i].x1 - glyphs[i - 1].x2;
                if (width > 0 && gap > width * 0.3) {
                    int spaces = (int)(gap / width + 0.5);
                    for (int k = 0; k < (spaces < 1 ? 1 : spaces > 40 ? 40 : spaces); k++) g_string_append_c(out, ' ');
                }
            }
            g_string_append_len(out, glyphs[i].utf8, glyphs[i].length);
        }
        g_string_append_c(out, '\n');
        start = end;
    }
    g_free(glyphs);
    g_free(rects);
    g_free(text);
    g_object_unref(page);
    return g_string_free(out, FALSE);
}

/* Page size in points (1/72 inch); 0 when the page does not exist. */
static inline void receipts_pdf_page_size(PopplerDocument *doc, int index, double *width, double *height) {
    *width = 0; *height = 0;
    PopplerPage *page = poppler_document_get_page(doc, index);
    if (!page) return;
    poppler_page_get_size(page, width, height);
    g_object_unref(page);
}

/* Renders page `index` on white at `scale` pixels per point into `pixels` (width*height words,
 * 0x00RRGGBB each, rows of `width`). Returns 0 on success. */
static inline int receipts_pdf_render(PopplerDocument *doc, int index, double scale,
                                      int width, int height, unsigned int *pixels) {
    PopplerPage *page = poppler_document_get_page(doc, index);
    if (!page) return -1;
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height);
    int rc = -1;
    if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surface);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        cairo_scale(cr, scale, scale);
        poppler_page_render_for_printing(page, cr);
        cairo_destroy(cr);
        cairo_surface_flush(surface);
        int stride = cairo_image_surface_get_stride(surface);
        unsigned char *data = cairo_image_surface_get_data(surface);
        for (int y = 0; y < height; y++) memcpy(pixels + (size_t)y * width, data + (size_t)y * stride, (size_t)width * 4);
        rc = 0;
    }
    cairo_surface_destroy(surface);
    g_object_unref(page);
    return rc;
}

#endif
