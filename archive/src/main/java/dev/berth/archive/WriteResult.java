package dev.berth.archive;

/**
 * What {@link LayerWriter#write} produced.
 *
 * @param sha256Hex sha256 of the tar written: its diff id
 * @param tarBytes  length of the tar written
 */
public record WriteResult(String sha256Hex, long tarBytes) {}
