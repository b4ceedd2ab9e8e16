package dev.berth.runtime.spec;

import java.util.Objects;

/**
 * One step of spec generation: takes a spec and returns a changed copy (containerd's SpecOpts,
 * on immutable values). Customizers are small and single-purpose; {@link SpecCustomizers} holds
 * them and documents which must come after which.
 */
@FunctionalInterface
public interface SpecCustomizer {
    Spec apply(Spec spec);

    /** This customizer, then {@code next}. */
    default SpecCustomizer andThen(SpecCustomizer next) {
        Objects.requireNonNull(next);
        return spec -> next.apply(apply(spec));
    }
}
