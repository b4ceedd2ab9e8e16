package dev.berth.http.internal;

import dev.berth.http.Router;
import dev.berth.http.ServerOptions;

import java.util.concurrent.ThreadFactory;

/** What every connection of one server shares. */
record ServerContext(Router router, ServerOptions options, InFlight inFlight, ThreadFactory handlerThreads) {
    static final System.Logger LOG = System.getLogger("dev.berth.http");
}
