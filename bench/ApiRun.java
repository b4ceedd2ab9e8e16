import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What `docker run --rm IMAGE CMD` asks of a daemon, through the Engine API alone (no CLI start-up): create
 * (AutoRemove, no network), attach (hijacked), wait?condition=removed, start, read the output to EOF, read the
 * wait result. One JVM runs every iteration, so the figure is the daemon's cost plus a few socket round trips.
 *
 * <pre>java bench/ApiRun.java SOCKET RUNS WARMUP [IMAGE [CMD...]]</pre>
 *
 * Prints {@code median=<ms> mean=<ms> min=<ms> max=<ms> runs=<n>} (warm-up runs excluded), then with
 * {@code -Dphases=true} the median of each phase: create, attach+wait (until both answered), start (until its
 * 204), exit+remove (until the output ended and the wait for removal answered).
 */
public class ApiRun {
    public static void main(String[] args) throws Exception {
        String socket = args[0];
        int runs = Integer.parseInt(args[1]);
        int warmup = Integer.parseInt(args[2]);
        String image = args.length > 3 ? args[3] : "busybox";
        String[] cmd = args.length > 4 ? Arrays.copyOfRange(args, 4, args.length) : new String[] {"true"};
        StringBuilder cmdJson = new StringBuilder("[");
        for (int i = 0; i < cmd.length; i++) cmdJson.append(i == 0 ? "" : ",").append('"').append(cmd[i]).append('"');
        String body = "{\"Image\":\"" + image + "\",\"Cmd\":" + cmdJson + "],\"AttachStdout\":true,\"AttachStderr\":true,"
                + "\"HostConfig\":{\"AutoRemove\":true,\"NetworkMode\":\"none\"}}";
        double[] ms = new double[runs];
        double[][] phases = new double[4][runs];
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            long[] marks = runOnce(socket, body);
            double took = (System.nanoTime() - t0) / 1e6;
            if (i >= warmup) {
                ms[i - warmup] = took;
                long prev = t0;
                for (int p = 0; p < 4; p++) {
                    phases[p][i - warmup] = (marks[p] - prev) / 1e6;
                    prev = marks[p];
                }
            }
        }
        Arrays.sort(ms);
        double sum = 0;
        for (double m : ms) sum += m;
        System.out.printf(Locale.ROOT, "median=%.1f mean=%.1f min=%.1f max=%.1f runs=%d%n",
                ms[runs / 2], sum / runs, ms[0], ms[runs - 1], runs);
        if (Boolean.getBoolean("phases")) {
            String[] names = {"create", "attach+wait", "start", "exit+remove"};
            StringBuilder out = new StringBuilder("phases (median ms):");
            for (int p = 0; p < 4; p++) {
                Arrays.sort(phases[p]);
                out.append(String.format(Locale.ROOT, " %s=%.1f", names[p], phases[p][runs / 2]));
            }
            System.out.println(out);
        }
    }

    /** One run; returns the nanoTime at the end of each phase. */
    static long[] runOnce(String socket, String body) throws IOException {
        long[] marks = new long[4];
        try (Conn api = new Conn(socket)) {
            Response created = api.request("POST", "/v1.41/containers/create", body, false);
            check(created, 201, "create");
            String json = new String(created.body, StandardCharsets.UTF_8);
            int at = json.indexOf("\"Id\":\"");
            if (at < 0) throw new IOException("no Id in " + json);
            String id = json.substring(at + 6, json.indexOf('"', at + 6));
            marks[0] = System.nanoTime();
            try (Conn attach = new Conn(socket); Conn wait = new Conn(socket)) {
                Response a = attach.request("POST", "/v1.41/containers/" + id + "/attach?stream=1&stdout=1&stderr=1", null, true);
                if (a.status != 101 && a.status != 200) throw new IOException("attach: " + a.status);
                Response w = wait.request("POST", "/v1.41/containers/" + id + "/wait?condition=removed", null, true);
                check(w, 200, "wait");
                marks[1] = System.nanoTime();
                check(api.request("POST", "/v1.41/containers/" + id + "/start", null, false), 204, "start");
                marks[2] = System.nanoTime();
                attach.in.transferTo(OutputStream.nullOutputStream()); // the output, until the container ends
                String result = new String(wait.readBody(w), StandardCharsets.UTF_8);
                if (!result.contains("\"StatusCode\":0")) throw new IOException("wait: " + result);
                marks[3] = System.nanoTime();
            }
        }
        return marks;
    }

    static void check(Response r, int status, String what) throws IOException {
        if (r.status != status) throw new IOException(what + ": HTTP " + r.status + " " + new String(r.body, StandardCharsets.UTF_8));
    }

    record Response(int status, long contentLength, boolean chunked, byte[] body) {}

    static final class Conn implements AutoCloseable {
        final SocketChannel ch;
        final InputStream in;
        final OutputStream out;

        Conn(String socket) throws IOException {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            in = new java.io.BufferedInputStream(Channels.newInputStream(ch));
            out = Channels.newOutputStream(ch);
        }

        /** Sends a request and reads the head; the body too unless {@code headOnly}. */
        Response request(String method, String path, String body, boolean headOnly) throws IOException {
            byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: docker\r\n");
            if (path.contains("/attach")) h.append("Connection: Upgrade\r\nUpgrade: tcp\r\n");
            if (body != null) h.append("Content-Type: application/json\r\n");
            h.append("Content-Length: ").append(b.length).append("\r\n\r\n");
            out.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            for (String l = line(); !l.isEmpty(); l = line()) {
                String lower = l.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(l.substring(15).strip());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            Response head = new Response(code, length, chunked, new byte[0]);
            if (headOnly) return head;
            return new Response(code, length, chunked, code == 204 || code == 304 ? new byte[0] : readBody(head));
        }

        byte[] readBody(Response head) throws IOException {
            if (head.chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                    int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                    if (size == 0) {
                        while (!line().isEmpty()) { } // trailers
                        return all.toByteArray();
                    }
                    all.write(in.readNBytes(size));
                    line();
                }
            }
            if (head.contentLength >= 0) return in.readNBytes((int) head.contentLength);
            return in.readAllBytes();
        }

        String line() throws IOException {
            StringBuilder s = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') s.append((char) c);
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
