// A stand-in for berthd used by BerthDaemonSelfIT to test the harness itself (run with `java FakeBerthd.java ARGS`).
// Serves GET/HEAD /_ping, GET /v1.41/version and GET /args on the -H unix:// socket. Behaviour from the environment:
//   FAKE_MODE=silent   never answers (binds nothing)      FAKE_MODE=exit  exits with code 3 at once
//   FAKE_IGNORE_TERM=1 ignores SIGTERM                     FAKE_LEAK=1     starts a child naming the exec root and
//   FAKE_MOUNT=1       mounts a tmpfs under the data root                  leaves it (and the mount) behind on exit
import java.io.*;
import java.net.*;
import java.nio.channels.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

public class FakeBerthd {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        String mode = System.getenv().getOrDefault("FAKE_MODE", "");
        System.out.println("fake berthd: starting, args " + String.join(" ", args) + ", mode '" + mode + "'");
        if (mode.equals("exit")) {
            System.out.println("fake berthd: exiting with 3 as asked");
            System.exit(3);
        }
        if ("1".equals(System.getenv("FAKE_IGNORE_TERM"))) {
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> System.out.println("fake berthd: ignoring SIGTERM"));
        }
        Path data = Path.of(opts.get("--data-root"));
        Path exec = Path.of(opts.get("--exec-root"));
        Files.createDirectories(data);
        Files.createDirectories(exec);
        if ("1".equals(System.getenv("FAKE_LEAK"))) {
            new ProcessBuilder("sh", "-c", "sleep 300", exec.resolve("leaky-monitor").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        }
        if ("1".equals(System.getenv("FAKE_MOUNT"))) {
            Path m = Files.createDirectories(data.resolve("mnt"));
            int rc = new ProcessBuilder("mount", "-t", "tmpfs", "fake", m.toString()).inheritIO().start().waitFor();
            System.out.println("fake berthd: mounted tmpfs on " + m + " rc=" + rc);
        }
        if (mode.equals("silent")) {
            System.out.println("fake berthd: silent mode, not listening");
            Thread.sleep(Long.MAX_VALUE);
        }
        Path sock = Path.of(opts.get("-H").substring("unix://".length()));
        Files.deleteIfExists(sock);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        System.out.println("fake berthd: listening on " + sock + " pid " + ProcessHandle.current().pid());
        while (true) {
            SocketChannel c = server.accept();
            Thread.ofVirtual().start(() -> serve(c, args));
        }
    }

    static void serve(SocketChannel c, String[] args) {
        try (c) {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c), StandardCharsets.ISO_8859_1));
            OutputStream out = Channels.newOutputStream(c);
            while (true) {
                String request = in.readLine();
                if (request == null || request.isEmpty()) {
                    return;
                }
                String line;
                boolean close = false;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    if (line.toLowerCase().startsWith("connection:") && line.toLowerCase().contains("close")) {
                        close = true;
                    }
                }
                String[] parts = request.split(" ");
                String method = parts[0];
                String path = parts[1].replaceFirst("^/v1\\.\\d+", "");
                System.out.println("fake berthd: " + method + " " + parts[1]);
                int status = 200;
                String type = "text/plain; charset=utf-8";
                String body;
                if (path.equals("/_ping")) {
                    body = "OK";
                } else if (path.equals("/version")) {
                    type = "application/json";
                    body = "{\"Version\":\"fake-0\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\",\"Os\":\"linux\",\"Arch\":\"amd64\","
                            + "\"Components\":[{\"Name\":\"Engine\",\"Version\":\"fake-0\",\"Details\":{\"ApiVersion\":\"1.41\"}}]}\n";
                } else if (path.equals("/args")) {
                    body = String.join("\n", args);
                } else {
                    status = 404;
                    type = "application/json";
                    body = "{\"message\":\"fake berthd: no route " + path + "\"}\n";
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\n"
                        + "Api-Version: 1.41\r\nServer: fake-berthd\r\nContent-Type: " + type + "\r\n"
                        + "Content-Length: " + b.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                if (!method.equals("HEAD")) {
                    out.write(b);
                }
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }
}
