package dev.berth.compose.plan;

import dev.berth.client.DockerClient;
import dev.berth.compose.model.ComposeException;
import dev.berth.compose.model.Project;
import dev.berth.compose.model.Service;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Secrets and configs whose value is in the model ({@code content:}) or in the project environment
 * ({@code environment:}) rather than in a file: Compose writes each into the created container before it starts, as one
 * file in a tar sent to {@code PUT /containers/{id}/archive?path=/} (mode 0444 unless given, its uid and gid).
 */
public final class InlineFiles {
    private InlineFiles() {}

    /** One file to write: its absolute path in the container, its bytes, owner and mode. */
    public record File(String target, byte[] content, int uid, int gid, int mode) {}

    /** Whether a secret's or config's definition is written into containers (not bind-mounted). */
    static boolean inline(Map<String, Object> definition) {
        return definition.get("file") == null && (definition.get("content") != null || definition.get("environment") != null);
    }

    /** The files of {@code service}'s inline secrets and configs. */
    public static List<File> of(Project project, Service service) {
        List<File> out = new ArrayList<>();
        for (String kind : List.of("secrets", "configs")) {
            String what = kind.substring(0, kind.length() - 1);
            Map<String, Map<String, Object>> defs = project.resources(kind);
            for (Service.FileRef ref : service.fileRefs(kind)) {
                Map<String, Object> def = defs.get(ref.source());
                if (def == null || !inline(def)) continue;
                String content;
                if (def.get("content") != null) {
                    content = String.valueOf(def.get("content"));
                } else {
                    String var = String.valueOf(def.get("environment"));
                    content = project.environment().get(var);
                    if (content == null) {
                        throw new ComposeException("environment variable \"" + var + "\" required by " + what + " \"" + ref.source() + "\" is not set");
                    }
                }
                if (content.isEmpty()) continue;
                if (Boolean.TRUE.equals(service.raw().get("read_only"))) {
                    throw new ComposeException("cannot create " + what + " \"" + ref.source() + "\" in read-only service " + service.name()
                            + ": `file` is the sole supported option");
                }
                out.add(new File(target(kind, ref), content.getBytes(StandardCharsets.UTF_8), number(ref.uid()), number(ref.gid()),
                        ref.mode() == null ? 0444 : ref.mode()));
            }
        }
        return out;
    }

    /** Where a secret or config goes: {@code /run/secrets/<name>} or {@code /<name>} by default. */
    static String target(String kind, Service.FileRef ref) {
        String t = ref.target();
        if (kind.equals("secrets")) return t == null ? "/run/secrets/" + ref.source() : t.startsWith("/") ? t : "/run/secrets/" + t;
        return t == null ? "/" + ref.source() : t;
    }

    private static int number(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new ComposeException("invalid uid or gid " + s);
        }
    }

    /** Writes {@code service}'s inline files into the created container {@code id}. */
    public static void inject(DockerClient client, String id, Project project, Service service) {
        for (File f : of(project, service)) {
            client.putArchive(id, "/", new ByteArrayInputStream(tar(f)), false, f.uid() != 0 || f.gid() != 0);
        }
    }

    /** A ustar archive of the one file (its name relative to /). */
    static byte[] tar(File f) {
        String name = f.target().replaceFirst("^/+", "");
        String prefix = "";
        if (name.length() > 100) {
            int cut = name.lastIndexOf('/', 155);
            if (cut < 0 || name.length() - cut - 1 > 100) throw new ComposeException("target path too long: " + f.target());
            prefix = name.substring(0, cut);
            name = name.substring(cut + 1);
        }
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        octal(h, 100, 8, f.mode());
        octal(h, 108, 8, f.uid());
        octal(h, 116, 8, f.gid());
        octal(h, 124, 12, f.content().length);
        octal(h, 136, 12, System.currentTimeMillis() / 1000);
        h[156] = '0';
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 345, 155, prefix);
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        put(h, 148, 8, String.format("%06o", sum) + "\0 ");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(f.content());
        out.writeBytes(new byte[(512 - f.content().length % 512) % 512]);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int at, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, at, Math.min(len, b.length));
    }

    private static void octal(byte[] h, int at, int len, long v) {
        put(h, at, len, String.format("%0" + (len - 1) + "o", v));
    }
}
