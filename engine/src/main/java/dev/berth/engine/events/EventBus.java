package dev.berth.engine.events;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Publishes engine events to subscribers and keeps the most recent ones so that a subscriber
 * asking for events {@code since} a past time gets them replayed first (as {@code docker events --since}).
 */
public final class EventBus {
    private static final int HISTORY = 1024;

    private final Clock clock;
    private final Deque<Event> history = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

    public EventBus(Clock clock) {
        this.clock = clock;
    }

    public void publish(String type, String action, String actorId, Map<String, String> attributes) {
        var now = clock.instant();
        Event e = new Event(type, action, actorId, attributes, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        synchronized (history) {
            if (history.size() == HISTORY) history.removeFirst();
            history.addLast(e);
            for (Subscription s : subscribers) s.offer(e);
        }
    }

    /**
     * Subscribes to events matching {@code filter}; past events with {@code timeNano >= sinceNano}
     * are delivered first ({@code sinceNano < 0}: no replay).
     */
    public Subscription subscribe(Predicate<Event> filter, long sinceNano) {
        Subscription s = new Subscription(filter);
        synchronized (history) {
            if (sinceNano >= 0) {
                for (Event e : history) if (e.timeNano() >= sinceNano) s.offer(e);
            }
            subscribers.add(s);
        }
        return s;
    }

    public int listenerCount() {
        return subscribers.size();
    }

    /** A subscriber's queue. Close it to stop receiving. */
    public final class Subscription implements AutoCloseable {
        private final Predicate<Event> filter;
        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(10_000);

        private Subscription(Predicate<Event> filter) {
            this.filter = filter;
        }

        private void offer(Event e) {
            if (filter.test(e)) queue.offer(e); // a subscriber that stopped reading loses events, never blocks publishers
        }

        /** The next event, or null after the timeout. */
        public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** Events queued now, without waiting. */
        public List<Event> drain() {
            List<Event> out = new ArrayList<>();
            queue.drainTo(out);
            return out;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
