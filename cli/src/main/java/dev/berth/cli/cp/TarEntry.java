package dev.berth.cli.cp;

/**
 * A tar header as {@code docker cp} uses it: name ({@code /}-separated, directories ending in
 * {@code /}), type flag, permission bits, owner ids, size, modification time (seconds), link target.
 */
public record TarEntry(String name, char type, int mode, long uid, long gid, long size, long mtime, String linkName) {
    public static final char FILE = '0';
    public static final char HARDLINK = '1';
    public static final char SYMLINK = '2';
    public static final char CHAR_DEVICE = '3';
    public static final char BLOCK_DEVICE = '4';
    public static final char DIRECTORY = '5';
    public static final char FIFO = '6';

    public TarEntry withName(String n, String link) {
        return new TarEntry(n, type, mode, uid, gid, size, mtime, link);
    }

    public boolean isDirectory() {
        return type == DIRECTORY;
    }
}
