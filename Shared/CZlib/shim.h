#include <zlib.h>

/// deflateInit2 is a macro; this wrapper makes it callable from Swift. windowBits 31 = gzip wrapper.
static inline int CZlib_deflateInitGzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// inflateInit2 is a macro; windowBits 15 + 16 = expect a gzip wrapper.
static inline int CZlib_inflateInitGzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
