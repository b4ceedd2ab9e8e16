package dev.berth.it;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/** Backs {@link BerthDaemonTest}: one {@link BerthDaemon} per test class, kept in the class's extension store. */
public final class BerthDaemonExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BerthDaemonExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (daemon(context) != null) {
            return; // a @Nested class: shares the daemon of its enclosing class
        }
        BerthDaemon daemon = new BerthDaemon();
        context.getStore(NS).put(context.getRequiredTestClass(), daemon);
        daemon.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Only the class that started it (its own store, not a parent's) stops it.
        if (context.getStore(NS).get(context.getRequiredTestClass()) instanceof BerthDaemon daemon) {
            context.getStore(NS).remove(context.getRequiredTestClass());
            daemon.afterAll(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> t = p.getParameter().getType();
        return t == BerthDaemon.class || t == DockerCli.class || t == BerthCli.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        BerthDaemon daemon = daemon(e);
        if (daemon == null) {
            throw new AssertionError("no berthd for " + e.getDisplayName());
        }
        Class<?> t = p.getParameter().getType();
        if (t == DockerCli.class) {
            return daemon.docker();
        }
        if (t == BerthCli.class) {
            return daemon.berth();
        }
        return daemon;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        rethrow(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        rethrow(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        rethrow(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        rethrow(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        rethrow(context, throwable);
    }

    private static void rethrow(ExtensionContext context, Throwable throwable) throws Throwable {
        BerthDaemon daemon = daemon(context);
        if (daemon == null) {
            throw throwable;
        }
        daemon.handleTestExecutionException(context, throwable);
    }

    /** The daemon of the test class of {@code context} (found from method contexts too, through the parents). */
    private static BerthDaemon daemon(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            if (c.getTestClass().isPresent()) {
                Object d = c.getStore(NS).get(c.getTestClass().get());
                if (d instanceof BerthDaemon b) {
                    return b;
                }
            }
        }
        return null;
    }
}
