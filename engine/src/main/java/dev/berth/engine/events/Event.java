package dev.berth.engine.events;

import java.util.Map;

/**
 * Something that happened to an object the engine manages, as {@code docker events} reports it.
 *
 * @param type       object type: {@code image}, {@code container}, {@code network}, {@code volume}, {@code daemon}
 * @param action     what happened: {@code tag}, {@code untag}, {@code delete}, {@code import}, {@code load}, {@code save}, ...
 * @param actorId    the object's id (or name, for images referenced by name)
 * @param attributes labels and details (for containers: labels + image + name)
 * @param timeNano   wall-clock time in nanoseconds since the epoch
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, long timeNano) {
    public Event {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
