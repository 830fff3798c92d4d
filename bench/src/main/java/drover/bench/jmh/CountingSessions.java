package drover.bench.jmh;

import drover.worker.http.HttpExchangeHandler;

/** Sessions that only count what is sent to them: all a benchmark of the worker's request path needs. */
final class CountingSessions implements HttpExchangeHandler.Sessions {
    long bytesSent;

    @Override
    public boolean send(long sessionId, byte[] data) {
        bytesSent += data.length;
        return true;
    }

    @Override
    public boolean close(long sessionId) {
        return true;
    }
}
