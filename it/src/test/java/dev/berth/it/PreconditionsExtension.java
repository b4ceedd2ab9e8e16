package dev.berth.it;

import java.lang.reflect.AnnotatedElement;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Checks {@link RequiresRoot} before the class and before each annotated method; fails, never skips. */
public final class PreconditionsExtension implements BeforeAllCallback, BeforeEachCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().ifPresent(PreconditionsExtension::check);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().ifPresent(PreconditionsExtension::check);
    }

    private static void check(AnnotatedElement element) {
        AnnotationSupport.findAnnotation(element, RequiresRoot.class).ifPresent(r -> {
            Preconditions.requireRoot();
            Tool.requireAll(r.tools());
        });
    }
}
