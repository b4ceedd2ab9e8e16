package dev.berth.content;

import dev.berth.oci.Digest;
import java.util.List;
import java.util.function.Consumer;

/** The catalogue role of the content store: what is stored; enumerate and delete committed blobs. */
public interface Catalog {

    /** Every committed blob, in digest order. */
    List<Info> list();

    /** Calls {@code visitor} for each committed blob, in no particular order, without building a list. */
    void walk(Consumer<Info> visitor);

    /**
     * Deletes a committed blob. Readers that opened it before keep reading it.
     *
     * @return whether a blob was deleted
     */
    boolean delete(Digest digest);
}
