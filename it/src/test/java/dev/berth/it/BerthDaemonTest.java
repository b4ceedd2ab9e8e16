package dev.berth.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class gets a dedicated default {@link BerthDaemon} (started before all its tests, stopped and
 * leak-checked after them) and needs root. Test methods, constructors and lifecycle methods can take a
 * {@link BerthDaemon}, a {@link DockerCli} (docker CLI 28, fresh DOCKER_CONFIG) or a {@link BerthCli} parameter.
 *
 * <pre>{@code
 * @BerthDaemonTest
 * class VersionIT {
 *     @Test void version(DockerCli docker) { docker.ok("version"); }
 * }
 * }</pre>
 *
 * For extra daemon arguments or a second daemon, register {@code new BerthDaemon().withArgs(...)} in a static
 * {@code @RegisterExtension} field instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("root")
@RequiresRoot
@ExtendWith(BerthDaemonExtension.class)
public @interface BerthDaemonTest {}
