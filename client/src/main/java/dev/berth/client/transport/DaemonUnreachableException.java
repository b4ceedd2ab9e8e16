package dev.berth.client.transport;

import java.io.IOException;
import java.net.ConnectException;

/**
 * The daemon could not be reached at all: the socket does not exist, nothing listens, the host is unknown or
 * access was denied. The message is one line naming the address, e.g. {@code Cannot connect to the berth
 * daemon at unix:///run/berth/berth.sock. Is berthd running?}; the CLI may append how to start it. It is a
 * {@link ConnectException}, so code that classifies I/O errors by type sees a connect failure.
 */
public final class DaemonUnreachableException extends ConnectException {

    private final String address;
    private final boolean permissionDenied;

    public DaemonUnreachableException(String address, IOException cause) {
        super(message(address, cause));
        initCause(cause);
        this.address = address;
        this.permissionDenied = isPermissionDenied(cause);
    }

    /** The address as given, e.g. {@code unix:///run/berth/berth.sock}. */
    public String address() {
        return address;
    }

    /** True if the socket exists but this user may not open it. */
    public boolean permissionDenied() {
        return permissionDenied;
    }

    private static String message(String address, IOException cause) {
        if (isPermissionDenied(cause)) {
            return "Permission denied while trying to connect to the berth daemon socket at " + address;
        }
        return "Cannot connect to the berth daemon at " + address + ". Is berthd running?";
    }

    private static boolean isPermissionDenied(IOException cause) {
        return cause != null && cause.getMessage() != null && cause.getMessage().contains("Permission denied");
    }
}
