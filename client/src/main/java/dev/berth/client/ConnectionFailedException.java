package dev.berth.client;

import dev.berth.client.transport.DaemonUnreachableException;
import java.io.IOException;
import java.net.ConnectException;

/**
 * The daemon could not be reached at all (no socket, nothing listening, access denied), as opposed
 * to an error it answered with. Unchecked wrapper of the transport's {@link DaemonUnreachableException}.
 */
public final class ConnectionFailedException extends RuntimeException {
    private final String host;
    private final boolean permissionDenied;

    public ConnectionFailedException(String host, IOException cause) {
        super(cause.getMessage(), cause);
        this.host = host;
        this.permissionDenied = cause instanceof DaemonUnreachableException d ? d.permissionDenied()
                : cause.getMessage() != null && cause.getMessage().toLowerCase().contains("permission denied");
    }

    /** The daemon address, e.g. {@code unix:///run/berth/berth.sock}. */
    public String host() {
        return host;
    }

    /** True when the socket exists but this user may not open it. */
    public boolean permissionDenied() {
        return permissionDenied;
    }

    static boolean isConnectFailure(IOException e) {
        return e instanceof ConnectException;
    }
}
