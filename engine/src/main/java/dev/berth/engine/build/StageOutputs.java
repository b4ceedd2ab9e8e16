package dev.berth.engine.build;

import dev.berth.distribution.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outputs of stages that build at once, shown as if they built one after the other: the first unfinished stage
 * (in file order) streams live, the later ones are held back and shown when every stage before them has ended. After
 * a stage {@link #failed fails}, later stages show nothing, as a sequential build would never have reached them.
 */
final class StageOutputs {
    private final BuildOutput out;
    private final List<List<Consumer<BuildOutput>>> held = new ArrayList<>();
    private final boolean[] ended;
    private int live;
    private int cutOff = Integer.MAX_VALUE;

    StageOutputs(BuildOutput out, int stages) {
        this.out = out;
        this.ended = new boolean[stages];
        for (int i = 0; i < stages; i++) held.add(new ArrayList<>());
    }

    /** The output of the {@code i}-th stage built (0-based among the stages built, in file order). */
    BuildOutput of(int i) {
        return new BuildOutput() {
            @Override
            public void stream(String text) {
                emit(i, o -> o.stream(text));
            }

            @Override
            public void aux(String imageId) {
                emit(i, o -> o.aux(imageId));
            }

            @Override
            public void progress(Progress p) {
                emit(i, o -> o.progress(p));
            }
        };
    }

    /** Stage {@code i} has ended: the next one's held output is shown, and it goes live. */
    synchronized void ended(int i) {
        ended[i] = true;
        while (live < ended.length && ended[live]) {
            live++;
            if (live < ended.length) flush(live);
        }
    }

    /** Stage {@code i} failed: nothing after it is shown. Call before {@link #ended}. */
    synchronized void failed(int i) {
        cutOff = Math.min(cutOff, i);
    }

    private synchronized void emit(int i, Consumer<BuildOutput> event) {
        if (i > cutOff) return;
        if (i == live) event.accept(out);
        else held.get(i).add(event);
    }

    private void flush(int i) {
        List<Consumer<BuildOutput>> events = held.get(i);
        if (i <= cutOff) events.forEach(e -> e.accept(out));
        events.clear();
    }
}
