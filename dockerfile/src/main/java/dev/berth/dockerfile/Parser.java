package dev.berth.dockerfile;

/** Docker's Dockerfile parser (BuildKit's frontend/dockerfile/parser and instructions). */
final class Parser {
    private Parser() {}

    static Dockerfile parse(String text, String fileName) {
        throw new UnsupportedOperationException();
    }
}
