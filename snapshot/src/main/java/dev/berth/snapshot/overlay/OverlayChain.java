package dev.berth.snapshot.overlay;

import dev.berth.common.EngineException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The diff dirs of a layer chain in the order overlayfs stacks them, top layer first: what a
 * container mount needs from the layer store. Data only; nothing here mounts.
 *
 * @param lowerDirs the chain's diff dirs, top first
 */
public record OverlayChain(List<Path> lowerDirs) {
    /** The kernel reads mount options from one page: at most 4095 bytes of text. */
    public static final int MAX_MOUNT_DATA = 4095;

    public OverlayChain {
        lowerDirs = List.copyOf(lowerDirs);
        if (lowerDirs.isEmpty()) throw new IllegalArgumentException("a chain has at least one layer");
        for (Path p : lowerDirs) {
            String s = p.toString();
            if (s.contains(":") || s.contains(",")) {
                throw new EngineException.FailedPrecondition("layer dir " + s + " contains ':' or ',', which overlayfs options cannot carry");
            }
        }
    }

    /** {@code lowerdir=/top:/below:...:/base}. */
    public String lowerdirOption() {
        return "lowerdir=" + lowerDirs.stream().map(Path::toString).collect(Collectors.joining(":"));
    }

    /**
     * The full option string for a writable overlay, for {@code mount(2)}'s data argument.
     * {@code index=off} lets the same lower dirs serve many mounts at once (as Docker does), and
     * {@code redirect_dir=off,metacopy=off} keeps the upper dir a complete diff that
     * {@code LayerWriter.forOverlayUpper()} can turn into a layer.
     *
     * @throws EngineException.FailedPrecondition if the options exceed {@link #MAX_MOUNT_DATA}
     *         (a deep chain under a long store path): the mounter must then pass the lower dirs one
     *         by one ({@code fsconfig(2)} {@code lowerdir+}) or through short links
     */
    public String mountData(Path upperDir, Path workDir) {
        String data = lowerdirOption() + ",upperdir=" + upperDir + ",workdir=" + workDir
                + ",index=off,redirect_dir=off,metacopy=off";
        if (data.length() > MAX_MOUNT_DATA) {
            throw new EngineException.FailedPrecondition("the overlay mount options for " + lowerDirs.size()
                    + " layers are " + data.length() + " bytes, more than the " + MAX_MOUNT_DATA
                    + " the kernel accepts; use a shorter data root for the layer store");
        }
        return data;
    }
}
