package dev.berth.http.internal;

/** One request and its response, served on a virtual thread. */
final class Exchange implements Runnable {

    private final ServerContext server;
    private final HttpConnection connection;
    final ServerRequest request;
    final ServerResponse response;

    Exchange(ServerContext server, HttpConnection connection, ServerRequest request, ServerResponse response) {
        this.server = server;
        this.connection = connection;
        this.request = request;
        this.response = response;
    }

    @Override
    public void run() {
        boolean reuse = false;
        try {
            try {
                server.router().dispatch(request, response);
                response.finish();
            } catch (Throwable t) {
                response.fail(t);
            }
            reuse = request.keepAlive() && response.reusable();
        } finally {
            server.inFlight().end();
            connection.exchangeFinished(this, reuse);
        }
    }
}
