package dev.berth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class (or method) needs root and the given programs. Unlike containerd's RequiresRoot it never
 * skips: when a precondition does not hold, the tests <em>fail</em> with a message saying what to install.
 *
 * <pre>{@code
 * @RequiresRoot(tools = {Tool.RUNC, Tool.CONMON})
 * class RunIT { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("root")
@ExtendWith(PreconditionsExtension.class)
public @interface RequiresRoot {
    /** Programs the tests need besides root. */
    Tool[] tools() default {};
}
