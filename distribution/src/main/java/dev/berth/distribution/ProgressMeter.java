package dev.berth.distribution;

/** Byte progress of one transfer, reported at most every 100 ms (as dockerd's progress reader), and at the end. */
final class ProgressMeter {
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final Progress.Listener listener;
    private final String id;
    private final String status;
    private final long total;
    private long last = Long.MIN_VALUE;

    ProgressMeter(Progress.Listener listener, String id, String status, long total) {
        this.listener = listener;
        this.id = id;
        this.status = status;
        this.total = total;
    }

    void update(long current) {
        long now = System.nanoTime();
        if (last != Long.MIN_VALUE && now - last < INTERVAL_NANOS) return;
        last = now;
        listener.progress(Progress.bytes(id, status, current, total));
    }

    void finish(long current) {
        listener.progress(Progress.bytes(id, status, current, total));
    }
}
