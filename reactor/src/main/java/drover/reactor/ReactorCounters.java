package drover.reactor;

import drover.common.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Plain counters of one reactor thread; only that thread writes them. Others get a copy (snapshot). */
final class ReactorCounters {
    long accepted;
    long closed;
    long active;
    long refused;
    long bytesIn;
    long bytesOut;
    long packets;
    long droppedStale;
    long overflows;
    long rejectedPackets;
    long idleClosed;
    /** HTTP requests that did not arrive whole within http_request_timeout (each answered 408). */
    long requestTimeouts;
    /** Connections from a trusted source refused for a missing, bad or late PROXY header. */
    long proxyRefused;
    /** Connections answered 502 or closed because a worker exited holding their packets. */
    long workerExitAnswers;
    long acceptBackoffs;
    long closeErrors;
    /** Largest number of bytes one connection has had waiting for its client. */
    long outputPeak;
    /** Largest number of bytes one worker link has had queued. */
    long linkPeak;
    /** Direct memory the threads' buffer pools hold, lent and idle (a gauge, set when counters are read). */
    long poolDirectBytes;
    /** Buffers the pools lent from the heap: their budget was spent, or the size was above 8 MiB. */
    long poolHeapBuffers;
    /** Large packets sent to workers through the large_payload store by reference (set when counters are read). */
    long largeStored;
    /** Of those, packets read from the client straight into a worker link's ring. */
    long largeReadInPlace;
    /** Large packets streamed because the store had no room just then (set when counters are read). */
    long largeStoreBusy;
    /** Large packets streamed because the store failed (set when counters are read). */
    long largeStoreFailed;
    /** Large replies (and pipe messages) from workers that came by reference, through a payload store. */
    long largeRepliesStored;
    /** Large replies (and pipe messages) from workers that came in chunks on the link. */
    long largeRepliesStreamed;
    /**
     * Of the stored ones, large replies a worker sent back by reference into this reactor's own ring, with no copy: the
     * packet it was lent, whole (process-wide, set once on the sum by the Reactor).
     */
    long largeReturned;
    /** Handshakes and failures on the /ssl listeners. */
    final TlsCounters tls = new TlsCounters();

    ReactorCounters copy() {
        ReactorCounters c = new ReactorCounters();
        c.add(this);
        return c;
    }

    /** Sums the counts and keeps the larger peaks: the reactor's total over its threads. */
    void add(ReactorCounters o) {
        accepted += o.accepted;
        closed += o.closed;
        active += o.active;
        refused += o.refused;
        bytesIn += o.bytesIn;
        bytesOut += o.bytesOut;
        packets += o.packets;
        droppedStale += o.droppedStale;
        overflows += o.overflows;
        rejectedPackets += o.rejectedPackets;
        idleClosed += o.idleClosed;
        requestTimeouts += o.requestTimeouts;
        proxyRefused += o.proxyRefused;
        workerExitAnswers += o.workerExitAnswers;
        acceptBackoffs += o.acceptBackoffs;
        closeErrors += o.closeErrors;
        outputPeak = Math.max(outputPeak, o.outputPeak);
        linkPeak = Math.max(linkPeak, o.linkPeak);
        poolDirectBytes += o.poolDirectBytes;
        poolHeapBuffers += o.poolHeapBuffers;
        largeStored += o.largeStored;
        largeReadInPlace += o.largeReadInPlace;
        largeStoreBusy += o.largeStoreBusy;
        largeStoreFailed += o.largeStoreFailed;
        largeRepliesStored += o.largeRepliesStored;
        largeRepliesStreamed += o.largeRepliesStreamed;
        largeReturned += o.largeReturned;
        tls.add(o.tls);
    }

    /** Names as in docs/FRAMES.md (STATS). */
    Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("accepted", accepted);
        map.put("closed", closed);
        map.put("active", active);
        map.put("refused", refused);
        map.put("bytes_in", bytesIn);
        map.put("bytes_out", bytesOut);
        map.put("packets", packets);
        map.put("dropped_stale", droppedStale);
        map.put("overflows", overflows);
        map.put("rejected_packets", rejectedPackets);
        map.put("idle_closed", idleClosed);
        map.put("request_timeouts", requestTimeouts);
        map.put("proxy_refused", proxyRefused);
        map.put("worker_exit_answers", workerExitAnswers);
        map.put("accept_backoffs", acceptBackoffs);
        map.put("output_peak", outputPeak);
        map.put("link_peak", linkPeak);
        map.put("pool_direct_bytes", poolDirectBytes);
        map.put("pool_heap_buffers", poolHeapBuffers);
        map.put("large_stored", largeStored);
        map.put("large_read_in_place", largeReadInPlace);
        map.put("large_store_busy", largeStoreBusy);
        map.put("large_store_failed", largeStoreFailed);
        map.put("large_replies_stored", largeRepliesStored);
        map.put("large_replies_streamed", largeRepliesStreamed);
        map.put("large_returned", largeReturned);
        tls.putInto(map);
        return map;
    }

    /** A flat JSON object of numbers, e.g. {"accepted":3,"closed":1,...}. */
    /** As the STATS answer carries them (ControlCodec), and status shows them. */
    String toJson() {
        Json json = new Json().begin();
        asMap().forEach(json::field);
        return json.end().toString();
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(" ");
        asMap().forEach((k, v) -> text.add(k + "=" + v));
        return text.toString();
    }
}
