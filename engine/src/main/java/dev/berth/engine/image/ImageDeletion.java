package dev.berth.engine.image;

/** One line of an image removal report: a name that was untagged, or an id that was deleted. */
public record ImageDeletion(String untagged, String deleted) {
    public static ImageDeletion untagged(String familiarRef) {
        return new ImageDeletion(familiarRef, null);
    }

    public static ImageDeletion deleted(String id) {
        return new ImageDeletion(null, id);
    }
}
