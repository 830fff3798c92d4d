package drover.reactor;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/** What a selection key's attachment does when its channel is ready. */
interface IoHandler {
    void onReady(SelectionKey key) throws IOException;

    /** An I/O error on this channel: close only this peer. */
    void onFailure(IOException error);
}
