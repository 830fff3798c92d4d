package drover.manager.supervise;

import drover.common.config.DroverConfig;
import drover.common.config.HostPort;
import drover.manager.supervise.SupervisorEvent.SnapshotRequested;
import drover.manager.admin.AdminServer;
import drover.manager.admin.AppMetricsBoard;
import drover.manager.admin.ServerSnapshot;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Starts the admin listener when admin_listen names one, wired to the supervisor's loop. */
final class AdminListener {
    /** admin_listen could not be bound: the start fails, as for listen. */
    static final class BindFailed extends IOException {
        BindFailed(String message) {
            super(message);
        }
    }

    private AdminListener() {
    }

    /** The listener, or null when admin_listen is empty (try-with-resources takes a null). */
    static AdminServer start(DroverConfig config, Supervisor supervisor, AppMetricsBoard metrics) throws BindFailed {
        if (config.adminListen().isEmpty()) {
            return null;
        }
        HostPort address = config.adminListen().get();
        try {
            return AdminServer.start(address.toSocketAddress(), () -> {
                CompletableFuture<ServerSnapshot> reply = new CompletableFuture<>();
                supervisor.post(new SnapshotRequested(reply));
                return reply;
            }, metrics);
        } catch (IOException e) {
            throw new BindFailed("cannot listen on admin_listen " + address + ": " + e.getMessage());
        }
    }
}
