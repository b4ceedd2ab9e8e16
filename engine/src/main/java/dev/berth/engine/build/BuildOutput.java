package dev.berth.engine.build;

/** Where a build reports, as the classic builder's JSON stream: text lines ({@code stream}) and the result's id ({@code aux}). */
public interface BuildOutput {
    /** Text for the user: {@code Step 1/3 : FROM busybox\n}, a RUN's output... */
    void stream(String text);

    /** The id of the image built ({@code {"aux":{"ID":"sha256:..."}}}), before {@code Successfully built}. */
    void aux(String imageId);

    /** A FROM image's pull progress, as dockerd's classic builder streams it. */
    default void progress(dev.berth.distribution.Progress p) {
    }
}
