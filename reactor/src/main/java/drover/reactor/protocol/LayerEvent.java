package drover.reactor.protocol;

/** Something a layer saw that the reactor counts for the status output (ReactorCounters). */
public enum LayerEvent {
    /** A request was not complete within its time limit (HTTP's 408). */
    REQUEST_TIMEOUT,
    /** A trusted source's connection sent no valid PROXY header in time: refused. */
    PROXY_REFUSED
}
