package drover.common.loop;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/** What a selection key's attachment does when its channel is ready; every key on an EventLoop has one. */
public interface IoHandler {
    /** The channel is ready for what the key's interest set asked. */
    void onReady(SelectionKey key) throws IOException;

    /** An I/O error on this channel (or an unexpected failure of its handler): close only this peer. */
    void onFailure(IOException error);
}
