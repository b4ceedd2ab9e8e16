package dev.berth.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What an {@link ErrorHandler} wants sent for a failed request.
 *
 * @param status      the HTTP status, 400-599
 * @param contentType the Content-Type of {@code body}
 * @param body        the response body (may be empty)
 */
public record ErrorReply(int status, String contentType, byte[] body) {
    public ErrorReply {
        if (status < 100 || status > 599) throw new IllegalArgumentException("bad HTTP status " + status);
        Objects.requireNonNull(contentType, "contentType");
        body = body == null ? new byte[0] : body;
    }

    /** The Docker Engine API error shape: {@code {"message":"..."}} followed by a newline. */
    public static ErrorReply jsonMessage(int status, String message) {
        String json = "{\"message\":" + jsonString(message) + "}\n";
        return new ErrorReply(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static String jsonString(String s) {
        if (s == null) return "null";
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&') b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }
}
