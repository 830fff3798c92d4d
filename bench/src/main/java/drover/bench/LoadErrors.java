package drover.bench;

import java.util.concurrent.atomic.LongAdder;

/** What went wrong during a run, by kind; shared by every load thread. */
final class LoadErrors {
    /** A reply whose length, sequence number or bytes differ from the request's. */
    final LongAdder badReplies = new LongAdder();
    /** The server closed a connection, or it failed, while replies were owed. */
    final LongAdder disconnects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    /** A reply that did not come within --timeout, or was still missing when the run ended. */
    final LongAdder timeouts = new LongAdder();
    /** Correct replies that overtook an older request's reply: not an error, but worth seeing. */
    final LongAdder outOfOrder = new LongAdder();

    long total() {
        return badReplies.sum() + disconnects.sum() + connectFailures.sum() + timeouts.sum();
    }

    String describe() {
        return String.format("errors %d (bad replies %d, disconnects %d, connect failures %d, timeouts %d), out of order %d",
                total(), badReplies.sum(), disconnects.sum(), connectFailures.sum(), timeouts.sum(), outOfOrder.sum());
    }
}
