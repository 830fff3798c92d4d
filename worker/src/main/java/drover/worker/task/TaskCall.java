package drover.worker.task;

/**
 * A task a worker's app handed over, and who hears of its end.
 *
 * @param id    unique within the worker, from 1; travels as the frame's session field
 * @param data  the task's data
 * @param reply told once, on the worker's loop thread: the result, or why there is none
 */
public record TaskCall(long id, byte[] data, Reply reply) {
    /** How a task ends, exactly once. */
    public interface Reply {
        void finished(byte[] result);

        void failed(String reason);
    }
}
