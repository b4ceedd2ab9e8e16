package dev.berth.cli.terminal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * moby's {@code term.NewEscapeProxy}: passes input through until the detach key sequence has been
 * read, then throws {@link Detached}. A partial match is held back until the next key shows whether
 * it completes the sequence; if not, the held keys are passed on.
 */
public final class EscapeProxy extends InputStream {
    /** The detach sequence was typed ({@code term.EscapeError}, "read escape sequence"). */
    public static final class Detached extends IOException {
        public Detached() {
            super("read escape sequence", null);
        }
    }

    private final InputStream in;
    private final byte[] keys;
    private int pos;
    private byte[] pending = new byte[0];

    public EscapeProxy(InputStream in, byte[] keys) {
        this.in = in;
        this.keys = keys;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (keys.length > 0 && pos == keys.length) throw new Detached();
        if (len == 0) return 0;
        int n = 0;
        if (pending.length > 0) {
            n = Math.min(len, pending.length);
            System.arraycopy(pending, 0, buf, off, n);
            byte[] rest = new byte[pending.length - n];
            System.arraycopy(pending, n, rest, 0, rest.length);
            pending = rest;
        }
        int nr = n < len ? in.read(buf, off + n, len - n) : 0;
        boolean eof = nr < 0;
        if (nr > 0) n += nr;
        if (keys.length == 0) return n == 0 && eof ? -1 : n;
        if (eof && n == 0 && pos > 0) {
            // the input ended inside a possible sequence: pass the held keys on, as moby does
            System.arraycopy(keys, 0, buf, off, Math.min(len, pos));
            pending = Arrays.copyOfRange(keys, Math.min(len, pos), pos);
            n = Math.min(len, pos);
            pos = 0;
            return n;
        }
        for (int i = 0; i < n; i++) {
            if (buf[off + i] == keys[pos]) {
                pos++;
                if (pos == keys.length) {
                    int keep = Math.max(0, i + 1 - pos);
                    if (keep > 0) return keep;
                    throw new Detached();
                }
                continue;
            }
            if (i < pos) {
                // the held-back keys were not the sequence after all: pass them on first
                byte[] preserve = new byte[pos + n];
                System.arraycopy(keys, 0, preserve, 0, pos);
                System.arraycopy(buf, off, preserve, pos, n);
                int fit = Math.min(len, preserve.length);
                System.arraycopy(preserve, 0, buf, off, fit);
                byte[] more = new byte[pending.length + preserve.length - fit];
                System.arraycopy(pending, 0, more, 0, pending.length);
                System.arraycopy(preserve, fit, more, pending.length, preserve.length - fit);
                pending = more;
                i += pos;
                n = fit;
            }
            pos = 0;
        }
        n -= pos;
        if (n < 0) n = 0;
        if (n == 0 && eof && pos == 0 && pending.length == 0) return -1;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
