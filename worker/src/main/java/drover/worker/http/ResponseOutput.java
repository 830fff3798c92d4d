package drover.worker.http;

/** Where one response's bytes go, in order; finish marks its end. */
interface ResponseOutput {
    void send(byte[] bytes);

    /** @param close whether the connection ends after this response */
    void finish(boolean close);
}
