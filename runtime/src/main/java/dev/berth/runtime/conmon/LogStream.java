package dev.berth.runtime.conmon;

/** Which output stream a log entry came from. */
public enum LogStream {
    STDOUT, STDERR
}
