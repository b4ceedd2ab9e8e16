package dev.berth.client.transport;

import java.util.List;
import java.util.Map;

/** A parsed status line and headers (case-insensitive names). */
record ResponseHead(boolean http11, int status, Map<String, List<String>> headers) {

    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    boolean chunked() {
        String te = header("Transfer-Encoding");
        return te != null && te.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /** The Content-Length, or -1. */
    long contentLength() {
        String cl = header("Content-Length");
        if (cl == null) return -1;
        try {
            return Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** True unless the server said it will close, or the response is HTTP/1.0. */
    boolean keepAlive() {
        String c = header("Connection");
        return http11 && (c == null || !c.toLowerCase(java.util.Locale.ROOT).contains("close"));
    }
}
