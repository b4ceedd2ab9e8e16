package dev.berth.http.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Bytes of HTTP/1.1 response heads and chunk framing, written by hand so the wire is exactly what we say. */
final class Wire {

    static final byte[] CRLF = {'\r', '\n'};
    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record CachedDate(long second, String text) {}

    private static volatile CachedDate date = new CachedDate(-1, "");

    private Wire() {}

    /** The current time as an HTTP {@code Date} value ({@code Sun, 06 Nov 1994 08:49:37 GMT}). */
    static String date() {
        long now = System.currentTimeMillis() / 1000;
        CachedDate d = date;
        if (d.second() != now) {
            d = new CachedDate(now, IMF_FIXDATE.format(Instant.ofEpochSecond(now)));
            date = d;
        }
        return d.text();
    }

    static String reason(int status) {
        return status == 101 ? "UPGRADED" : HttpResponseStatus.valueOf(status).reasonPhrase();
    }

    /** {@code HTTP/1.1 <status> <reason>}, the headers in order, and the blank line. */
    static byte[] head(int status, List<Map.Entry<String, String>> headers) {
        StringBuilder b = new StringBuilder(256);
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        b.append("\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The size line of a chunk: hex length and CRLF. */
    static byte[] chunkSize(int length) {
        return (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Rejects header names and values that would break the framing (CR, LF). */
    static void checkHeader(String name, String value) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 0x7f)) {
            throw new IllegalArgumentException("invalid header name '" + name + "'");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("header value of " + name + " contains CR or LF");
        }
    }
}
