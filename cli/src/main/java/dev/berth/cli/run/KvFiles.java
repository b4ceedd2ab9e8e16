package dev.berth.cli.run;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * docker's {@code --env-file}/{@code --label-file} reading ({@code kvfile.Parse}): one
 * {@code KEY=value} per line, {@code #} comments and blank lines skipped, leading space trimmed; a
 * bare {@code KEY} takes its value from the environment (env files) or is dropped.
 */
public final class KvFiles {
    private KvFiles() {}

    /**
     * @param lookup the environment for bare keys; null to drop them
     * @throws IllegalArgumentException with docker's message
     */
    public static List<String> read(Path file, String name, Function<String, String> lookup) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("open " + name + ": no such file or directory");
        } catch (IOException e) {
            throw new IllegalArgumentException("open " + name + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start <= bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') end++;
            if (start == bytes.length) break;
            lineNo++;
            int len = end - start;
            if (len > 0 && bytes[end - 1] == '\r') len--;
            int from = start;
            if (lineNo == 1 && len >= 3 && (bytes[from] & 0xff) == 0xEF && (bytes[from + 1] & 0xff) == 0xBB
                    && (bytes[from + 2] & 0xff) == 0xBF) {
                from += 3;
                len -= 3;
            }
            String line;
            try {
                line = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes, from, len)).toString();
            } catch (CharacterCodingException e) {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < len; i++) sb.append(i == 0 ? "" : " ").append(bytes[from + i] & 0xff);
                throw new IllegalArgumentException("invalid env file (" + name + "): invalid utf8 bytes at line "
                        + lineNo + ": " + sb.append(']'));
            }
            start = end + 1;
            int i = 0;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
            line = line.substring(i);
            if (line.isEmpty() || line.charAt(0) == '#') continue;
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("invalid env file (" + name + "): no variable name on line '" + line + "'");
            }
            if (key.indexOf(' ') >= 0 || key.indexOf('\t') >= 0) {
                throw new IllegalArgumentException("invalid env file (" + name + "): variable '" + key + "' contains whitespaces");
            }
            if (eq >= 0) {
                out.add(line);
            } else if (lookup != null) {
                String v = lookup.apply(line);
                if (v != null) out.add(key + "=" + v);
            }
        }
        return out;
    }
}
