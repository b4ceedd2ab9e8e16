package dev.berth.compose.model;

/** A {@code depends_on} entry: {@code service_started}, {@code service_healthy} or {@code service_completed_successfully}. */
public record Dependency(String condition, boolean required, boolean restart) {
    public static final String STARTED = "service_started";
    public static final String HEALTHY = "service_healthy";
    public static final String COMPLETED = "service_completed_successfully";
}
