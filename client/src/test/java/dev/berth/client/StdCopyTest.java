package dev.berth.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The multiplexed stream of attach, exec and logs: {@link StdCopy} reads what {@link FrameWriter} writes. */
class StdCopyTest {
    private static String s(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void framesGoToTheirStream() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        new FrameWriter(wire, StdCopy.STDOUT).write("out1\n".getBytes(StandardCharsets.UTF_8));
        new FrameWriter(wire, StdCopy.STDERR).write("err1\n".getBytes(StandardCharsets.UTF_8));
        new FrameWriter(wire, StdCopy.STDIN).write("in\n".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(13, StdCopy.copy(new ByteArrayInputStream(wire.toByteArray()), out, err));
        assertEquals("out1\nin\n", s(out));
        assertEquals("err1\n", s(err));
    }

    @Test
    void theWireFormatIsDockers() {
        // the notes' example: 01 00 00 00 00 00 00 03 'hi\n'
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 3, 'h', 'i', '\n'}, FrameWriter.frame(1, "hi\n"));
        byte[] big = FrameWriter.frame(2, new byte[70000]);
        assertArrayEquals(new byte[] {2, 0, 0, 0, 0, 1, 0x11, 0x70}, java.util.Arrays.copyOf(big, 8));
    }

    @Test
    void framesSplitAcrossReadsAreReassembled() throws IOException {
        byte[] wire = concat(FrameWriter.frame(1, "hello "), FrameWriter.frame(1, "world\n"), FrameWriter.frame(2, "!"));
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < wire.length ? wire[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= wire.length) return -1;
                b[off] = wire[i++];
                return 1;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StdCopy.copy(trickle, out, err);
        assertEquals("hello world\n", s(out));
        assertEquals("!", s(err));
    }

    @Test
    void anEndInsideAFrameEndsQuietly() throws IOException {
        byte[] frame = FrameWriter.frame(1, "truncated");
        byte[] cut = java.util.Arrays.copyOf(concat(FrameWriter.frame(1, "ok\n"), frame), 11 + 8 + 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdCopy.copy(new ByteArrayInputStream(cut), out, null);
        assertEquals("ok\ntrun", s(out));
        assertEquals(0, StdCopy.copy(new ByteArrayInputStream(new byte[] {1, 0, 0}), out, out));
    }

    @Test
    void aNullDestinationDropsItsStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdCopy.copy(new ByteArrayInputStream(concat(FrameWriter.frame(2, "dropped"), FrameWriter.frame(1, "kept"))), out, null);
        assertEquals("kept", s(out));
    }

    @Test
    void systemErrorsAndBadHeadersFail() {
        byte[] sysErr = concat(FrameWriter.frame(1, "a"), FrameWriter.frame(3, "exec failed"));
        StdCopy.StreamException e = assertThrows(StdCopy.StreamException.class,
                () -> StdCopy.copy(new ByteArrayInputStream(sysErr), new ByteArrayOutputStream(), null));
        assertEquals("error from daemon in stream: exec failed", e.getMessage());
        StdCopy.StreamException bad = assertThrows(StdCopy.StreamException.class,
                () -> StdCopy.copy(new ByteArrayInputStream(FrameWriter.frame(7, "x")), null, null));
        assertEquals("Unrecognized input header: 7", bad.getMessage());
    }

    @Test
    void goJsonEscapesAsGo() {
        GoJsonWriter w = new GoJsonWriter().beginObject().name("a").value("<&>\u2028\u0001\"\\\n\t").endObject();
        assertEquals("{\"a\":\"\\u003c\\u0026\\u003e\\u2028\\u0001\\\"\\\\\\n\\t\"}", w.toString());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }
}
