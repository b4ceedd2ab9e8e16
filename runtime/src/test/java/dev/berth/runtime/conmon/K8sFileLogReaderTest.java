package dev.berth.runtime.conmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class K8sFileLogReaderTest {
    private static final String T1 = "2026-01-02T03:04:05.123456789+01:00";
    private static final String T2 = "2026-01-02T03:04:06.000000001+01:00";

    private static List<LogEntry> read(String log) throws IOException {
        try (K8sFileLogReader r = new K8sFileLogReader(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)))) {
            List<LogEntry> out = new ArrayList<>();
            for (Optional<LogEntry> e = r.next(); e.isPresent(); e = r.next()) out.add(e.get());
            out.addAll(r.flushPartials());
            return out;
        }
    }

    @Test
    void fullLinesKeepTheirNewlineAndStream() throws IOException {
        List<LogEntry> e = read(T1 + " stdout F hello world\n" + T2 + " stderr F oops\n" + T2 + " stdout F \n");
        assertEquals(3, e.size());
        assertEquals(new LogEntry(OffsetDateTime.parse(T1), LogStream.STDOUT, "hello world\n".getBytes(StandardCharsets.UTF_8)), e.get(0));
        assertEquals(LogStream.STDERR, e.get(1).stream());
        assertEquals("oops\n", e.get(1).text());
        assertEquals("\n", e.get(2).text(), "an empty line");
    }

    @Test
    void partialLinesAreJoinedPerStreamWithTheFirstPartsTime() throws IOException {
        List<LogEntry> e = read(T1 + " stdout P abc\n" + T1 + " stderr F err\n" + T2 + " stdout P def\n" + T2 + " stdout F ghi\n");
        assertEquals(List.of("err\n", "abcdefghi\n"), e.stream().map(LogEntry::text).toList());
        assertEquals(OffsetDateTime.parse(T1), e.get(1).time());
    }

    @Test
    void aTrailingPartialLineIsAnEntryWithoutNewlineOnceFlushed() throws IOException {
        List<LogEntry> e = read(T1 + " stdout F one\n" + T2 + " stdout P two");
        assertEquals(List.of("one\n"), e.stream().map(LogEntry::text).toList(), "an unterminated record is not read yet");
        e = read(T1 + " stdout F one\n" + T2 + " stdout P two\n");
        assertEquals(List.of("one\n", "two"), e.stream().map(LogEntry::text).toList());
    }

    @Test
    void malformedLinesAreSkipped() throws IOException {
        List<LogEntry> e = read("garbage\n" + "not-a-time stdout F x\n" + T1 + " stdin F x\n" + T1 + " stdout X x\n" + T1 + " stdout F ok\n");
        assertEquals(List.of("ok\n"), e.stream().map(LogEntry::text).toList());
    }

    @Test
    void followingALogThatGrows() throws Exception {
        PipedOutputStream writer = new PipedOutputStream();
        InputStream in = new NonBlockingAtEnd(new PipedInputStream(writer, 1 << 16));
        try (K8sFileLogReader r = new K8sFileLogReader(in)) {
            writer.write((T1 + " stdout F first\n" + T1 + " stdout P sec").getBytes(StandardCharsets.UTF_8));
            assertEquals("first\n", r.next().orElseThrow().text());
            assertTrue(r.next().isEmpty(), "nothing complete yet");
            writer.write(("ond\n" + T2 + " stdout F -half\n").getBytes(StandardCharsets.UTF_8));
            assertEquals("second-half\n", r.next().orElseThrow().text());
            assertTrue(r.next().isEmpty());
        }
    }

    @Test
    void readAllOfAMissingFileIsEmpty(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), K8sFileLogReader.readAll(dir.resolve("none.log")));
        Path f = dir.resolve("c.log");
        Files.writeString(f, T1 + " stdout F a\n" + T1 + " stdout P b\n");
        assertEquals(List.of("a\n", "b"), K8sFileLogReader.readAll(f).stream().map(LogEntry::text).toList());
    }

    /** A file being appended to: read returns what is there, and -1 (not a block) at the current end. */
    private static final class NonBlockingAtEnd extends InputStream {
        private final PipedInputStream in;

        NonBlockingAtEnd(PipedInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.available() == 0 ? -1 : in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.available();
            return n == 0 ? -1 : in.read(b, off, Math.min(n, len));
        }
    }
}
