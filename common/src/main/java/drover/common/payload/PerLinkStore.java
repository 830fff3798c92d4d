package drover.common.payload;

/**
 * A process's store whose links each need a view of their own: a Chronicle Queue has one writer and one
 * reader per queue, and a shared-memory ring belongs to one link and direction. The link's output and
 * input ask for their views once, when they are made, and use only those.
 */
public interface PerLinkStore extends PayloadStore {
    /** The view one link's output puts its payloads in (LinkOutput). */
    PayloadStore forOutput();

    /** The view one link's input takes its payloads through (LinkInput). */
    PayloadStore forInput();

    /** The view a link's output uses: the store's own for a {@code PerLinkStore}, else the store itself. */
    static PayloadStore output(PayloadStore store) {
        return store instanceof PerLinkStore perLink ? perLink.forOutput() : store;
    }

    /** The view a link's input uses: the store's own for a {@code PerLinkStore}, else the store itself. */
    static PayloadStore input(PayloadStore store) {
        return store instanceof PerLinkStore perLink ? perLink.forInput() : store;
    }
}
