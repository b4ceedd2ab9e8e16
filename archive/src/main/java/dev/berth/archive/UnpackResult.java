package dev.berth.archive;

/**
 * What {@link LayerUnpacker#unpack} consumed and produced.
 *
 * @param sha256Hex    sha256 of every byte of the stream, trailing padding included: the layer's diff id
 * @param tarBytes     length of the stream
 * @param contentBytes bytes of regular file content written (each hard-linked file counted once)
 */
public record UnpackResult(String sha256Hex, long tarBytes, long contentBytes) {}
