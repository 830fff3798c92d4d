package drover.common.frame;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What travels on a control link, typed: between the manager and its children, and between a
 * control client and the manager (manager.sock). {@link ControlCodec} turns each into its frame
 * payload and back; docs/FRAMES.md gives the wire form. HELLO is not one of them: it opens every
 * link, control or not, and is {@code drover.common.link.Hello}'s.
 */
public sealed interface ControlMessage {
    /** The frame that carries it. */
    FrameType type();

    // ---- child -> manager ----

    /** Booted and serving; a reactor says where it listens. */
    record Ready(String detail) implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.READY;
        }
    }

    /** Why the child could not boot, sent just before it exits. */
    record BootError(String message) implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.BOOT_ERROR;
        }
    }

    /** A worker's loop is alive and has served this many requests. */
    record Heartbeat(long requests) implements ControlMessage {
        public Heartbeat {
            if (requests < 0) {
                throw new IllegalArgumentException("a heartbeat's request count is >= 0, not " + requests);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.HEARTBEAT;
        }
    }

    /** max_request reached: replace me. */
    record Recycle(String reason) implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.RECYCLE;
        }
    }

    /** The reactor's counters, by name, in the order status shows them. */
    record Counters(Map<String, Long> values) implements ControlMessage {
        public Counters {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        @Override
        public FrameType type() {
            return FrameType.STATS;
        }
    }

    /**
     * A command by name ("status", "reload", "stop", ...): from a control client, or from a worker's
     * Server.reload()/shutdown(). The manager knows which names exist.
     */
    record Command(String name) implements ControlMessage {
        public Command {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a command has a name");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.COMMAND;
        }
    }

    // ---- manager -> child ----

    /** Finish what you hold, take nothing new. */
    record Drain() implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.DRAIN;
        }
    }

    /** Stop (gracefully, within max_wait_time). */
    record Stop() implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.STOP;
        }
    }

    /** To a reactor: answer with your {@link Counters}. */
    record CountersRequest() implements ControlMessage {
        @Override
        public FrameType type() {
            return FrameType.STATS;
        }
    }

    /** To a reactor: this many worker slots take new connections (TTIN/TTOU). */
    record WorkerCount(int count) implements ControlMessage {
        public WorkerCount {
            if (count < 1) {
                throw new IllegalArgumentException("a server has at least one worker, not " + count);
            }
        }

        @Override
        public FrameType type() {
            return FrameType.WORKER_COUNT;
        }
    }

    /** To a worker: the task workers ready to take tasks, "slot:generation,..." (empty: none). */
    record TaskWorkers(String ready) implements ControlMessage {
        private static final Pattern LIST = Pattern.compile("(\\d+:\\d+(,\\d+:\\d+)*)?");

        public TaskWorkers {
            if (!LIST.matcher(ready).matches()) {
                throw new IllegalArgumentException("a task worker list is slot:generation,..., not '" + ready + "'");
            }
        }

        @Override
        public FrameType type() {
            return FrameType.TASK_WORKERS;
        }
    }

    // ---- manager -> control client ----

    /** A command's answer: "ok ..." (or JSON, or a table) when it worked, "error: ..." when not. */
    record Reply(String text) implements ControlMessage {
        private static final String ERROR = "error: ";

        public static Reply ok(String detail) {
            return new Reply(detail.isEmpty() ? "ok" : "ok " + detail);
        }

        public static Reply error(String why) {
            return new Reply(ERROR + why);
        }

        public boolean isError() {
            return text.startsWith(ERROR);
        }

        /** The text after "ok " or "error: ". */
        public String detail() {
            if (isError()) {
                return text.substring(ERROR.length());
            }
            return text.startsWith("ok ") ? text.substring(3) : text.equals("ok") ? "" : text;
        }

        @Override
        public FrameType type() {
            return FrameType.REPLY;
        }
    }
}
