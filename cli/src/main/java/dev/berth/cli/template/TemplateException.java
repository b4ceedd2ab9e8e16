package dev.berth.cli.template;

/**
 * A template that does not parse or fails while executing. The message is Go's, e.g.
 * {@code template: :1: unclosed action} or
 * {@code template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type ...}.
 */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
