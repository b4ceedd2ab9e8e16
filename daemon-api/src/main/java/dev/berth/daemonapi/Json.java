package dev.berth.daemonapi;

import dev.berth.api.ApiJson;
import dev.berth.api.JsonMessage;
import dev.berth.http.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Writing JSON responses the way dockerd does: bodies end with a newline; message streams with CRLF. */
final class Json {
    static final String TYPE = "application/json";

    private Json() {}

    static void send(Response res, int status, Object body) throws IOException {
        byte[] json = ApiJson.write(body);
        byte[] withNewline = new byte[json.length + 1];
        System.arraycopy(json, 0, withNewline, 0, json.length);
        withNewline[json.length] = '\n';
        res.send(status, TYPE, withNewline);
    }

    static void ok(Response res, Object body) throws IOException {
        send(res, 200, body);
    }

    /**
     * A JSON progress stream (load, import, pull, build): one message per line, each ended with CRLF
     * and flushed. Once it has started, errors travel in-band as an {@code errorDetail} message.
     */
    static final class MessageStream implements AutoCloseable {
        private final OutputStream out;

        MessageStream(Response res) throws IOException {
            this.out = res.stream(200, TYPE);
        }

        void write(JsonMessage m) {
            try {
                out.write(ApiJson.write(m));
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void status(String s) {
            write(JsonMessage.status(s));
        }

        void error(Throwable t) {
            write(JsonMessage.error(0, ErrorStatus.message(t)));
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
