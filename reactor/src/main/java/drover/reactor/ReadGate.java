package drover.reactor;

import java.nio.channels.SelectionKey;

/** Why a client connection is not read now: it is read only when nothing holds it. */
final class ReadGate {
    /** Its worker link is full, or others wait for it first (or the server drains). */
    boolean linkPaused;
    /** The app asked to pause (Server.pause); independent of the link back-pressure. */
    boolean appPaused;
    /** A layer holds its input until there is room (HTTP back-pressure). */
    boolean layerHeld;
    /** A layer finished with the input: nothing more is read. */
    boolean inputDone;

    boolean open() {
        return !linkPaused && !appPaused && !layerHeld && !inputDone;
    }

    /** The selector interest: read while open and nothing holds, write while output waits. */
    int interestOps(boolean connectionOpen, boolean drained) {
        int ops = open() && connectionOpen ? SelectionKey.OP_READ : 0;
        return drained ? ops : ops | SelectionKey.OP_WRITE;
    }
}
