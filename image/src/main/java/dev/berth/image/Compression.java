package dev.berth.image;

import dev.berth.common.EngineException;
import dev.berth.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.XZInputStream;
import io.airlift.compress.v3.zstd.ZstdInputStream;

/** The compressions a tar may arrive in, recognised by their magic bytes as Docker does. */
enum Compression {
    NONE, GZIP, BZIP2, XZ, ZSTD;

    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b, 0x08};
    private static final byte[] BZIP2_MAGIC = {0x42, 0x5a, 0x68};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00};
    private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
    static final int MAGIC_LENGTH = 6;

    static Compression detect(byte[] head) {
        if (startsWith(head, GZIP_MAGIC)) return GZIP;
        if (startsWith(head, BZIP2_MAGIC)) return BZIP2;
        if (startsWith(head, XZ_MAGIC)) return XZ;
        if (startsWith(head, ZSTD_MAGIC)) return ZSTD;
        return NONE;
    }

    /** What a layer media type says about its compression. */
    static Compression ofLayerMediaType(String mediaType) {
        if (MediaTypes.isGzipLayer(mediaType)) return GZIP;
        if (MediaTypes.isZstdLayer(mediaType)) return ZSTD;
        return NONE;
    }

    /** The OCI layer media type for a layer blob in this compression. */
    String ociLayerMediaType() {
        return switch (this) {
            case NONE -> MediaTypes.OCI_LAYER;
            case GZIP -> MediaTypes.OCI_LAYER_GZIP;
            case ZSTD -> MediaTypes.OCI_LAYER_ZSTD;
            case BZIP2, XZ -> throw new IllegalStateException(this + " layers have no OCI media type");
        };
    }

    /** Wraps {@code in}, which must be in this compression, into a stream of the decompressed bytes. */
    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZInputStream(in);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    /** Detects the compression of {@code in} from its first bytes and decompresses it. */
    static InputStream autoDecompress(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(MAGIC_LENGTH);
        byte[] head = buffered.readNBytes(MAGIC_LENGTH);
        buffered.reset();
        try {
            return detect(head).decompress(buffered);
        } catch (IOException e) {
            throw new EngineException.InvalidArgument("cannot decompress input: " + e.getMessage(), e);
        }
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }
}
