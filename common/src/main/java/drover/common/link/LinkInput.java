package drover.common.link;

import drover.common.buffer.BufferPool;
import drover.common.frame.FrameFormatException;
import drover.common.frame.FrameHeader;
import drover.common.frame.FrameSink;
import drover.common.frame.FrameType;
import drover.common.log.Log;
import drover.common.payload.InPlaceInput;
import drover.common.payload.PayloadLimits;
import drover.common.payload.PayloadStore;
import drover.common.payload.PerLinkStore;
import drover.common.session.SessionId;
import drover.common.session.SessionMap;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The receiving end of {@link LinkOutput}: joins the chunks of each large payload and hands the next
 * sink one frame with the whole payload, as if it had travelled whole; other frames pass straight
 * through. Holds at most the limits' reassembly bound per link, and checks every size before it
 * allocates. Used by one thread.
 */
public final class LinkInput implements FrameSink {
    private final PayloadLimits limits;
    private final FrameSink next;
    /** Where PAYLOAD_REF frames point; null on a link whose peer streams everything. */
    private final PayloadStore store;
    /** The store when it lends payloads in place (shm rings); null: every payload is a copy. */
    private final InPlaceInput inPlace;
    /** Payloads still arriving, by session (a sender has at most one in flight per session). */
    private final SessionMap<Assembly> assemblies = new SessionMap<>();
    /** Where joined payloads are assembled when the sink lets go of them on return; null: a new array each. */
    private final BufferPool pool;
    /** The header of each joined or fetched payload handed on (valid during the call, as the reader's). */
    private final FrameHeader whole = FrameHeader.reusable();
    /** The stored payload the sink is lent during its call, and its bounds then; null outside one. */
    private ByteBuffer lent;
    private int lentPosition;
    private int lentLimit;
    private long assemblingBytes;
    /** Large payloads handed on so far: joined from chunks, and taken from the store by reference. */
    private long joined;
    private long taken;

    public LinkInput(PayloadLimits limits, FrameSink next) {
        this(limits, null, next);
    }

    public LinkInput(PayloadLimits limits, PayloadStore store, FrameSink next) {
        this(limits, store, null, next);
    }

    /**
     * With a pool, a joined payload is assembled in a pooled buffer that goes back to the pool when
     * {@code next.onFrame} returns: the sink must be done with it by then (the reactor writes it to
     * the client or copies it). Without one, the sink gets an array of its own ({@link #bytes}).
     */
    public LinkInput(PayloadLimits limits, PayloadStore store, BufferPool pool, FrameSink next) {
        this.limits = limits;
        this.store = store == null ? null : PerLinkStore.input(store); // a ring store maps rings per link
        this.inPlace = this.store instanceof InPlaceInput reader ? reader : null;
        this.pool = pool;
        this.next = next;
    }

    @Override
    public void onFrame(FrameHeader header, ByteBuffer payload) throws FrameFormatException {
        if (header.type() == FrameType.PAYLOAD_REF) {
            resolve(header, payload);
        } else if ((header.flags() & FrameHeader.CHUNK_FLAG) == 0) {
            next.onFrame(header, payload);
        } else if ((header.flags() & FrameHeader.FIRST_CHUNK_FLAG) != 0) {
            start(header, payload);
        } else {
            continueWith(header, payload);
        }
    }

    /** Takes a stored payload (the store frees it) and hands it on as the frame it stands for. */
    private void resolve(FrameHeader header, ByteBuffer payload) throws FrameFormatException {
        if (store == null) {
            throw new FrameFormatException("PAYLOAD_REF on a link without a payload store (large_payload differs between processes?)");
        }
        if (!payload.hasRemaining()) {
            throw new FrameFormatException("empty PAYLOAD_REF");
        }
        int code = payload.get() & 0xFF;
        FrameType type = FrameType.of(code);
        if (type == null || type == FrameType.PAYLOAD_REF) {
            throw new FrameFormatException("PAYLOAD_REF for frame type " + code);
        }
        // a sink that lets go on return (the pool says so) may use the payload in place; others get an array of their own
        ByteBuffer data;
        try {
            data = pool != null && inPlace != null
                    ? inPlace.open(payload, limits.largest()) : ByteBuffer.wrap(store.take(payload, limits.largest()));
        } catch (IOException e) {
            Log.error("large " + type + " for session " + SessionId.format(header.sessionId()) + " lost: " + e.getMessage());
            return;
        }
        taken++;
        if (pool != null) {
            lent = data;
            lentPosition = data.position();
            lentLimit = data.limit();
        }
        try {
            next.onFrame(whole.set(type, header.flags(), data.remaining(), header.sessionId(), header.workerId()), data);
        } finally {
            if (pool != null) {
                lent = null;
                if (inPlace != null) {
                    inPlace.release();
                }
            }
        }
    }

    /**
     * During the sink's call: when the payload is the stored one the sink was lent, whole and
     * unmoved, the store keeps it for the peer that wrote it and this returns its reference (the
     * sink sends it back on this same link with no copy); null otherwise, and the sink copies it.
     */
    byte[] handBack(ByteBuffer payload) {
        if (payload != lent || payload.position() != lentPosition || payload.limit() != lentLimit) {
            return null;
        }
        byte[] reference = inPlace == null ? null : inPlace.handBack();
        if (reference != null) {
            lent = null; // once only: a second send of it is a copy
        }
        return reference;
    }

    private void start(FrameHeader header, ByteBuffer payload) throws FrameFormatException {
        if (assemblies.containsKey(header.sessionId())) {
            throw new FrameFormatException("a second large " + header.type() + " began for session "
                    + SessionId.format(header.sessionId()) + " before the first was complete");
        }
        if (payload.remaining() < Integer.BYTES) {
            throw new FrameFormatException("first chunk of a " + header.type() + " has " + payload.remaining()
                    + " bytes, too few for its length");
        }
        long total = Integer.toUnsignedLong(payload.getInt());
        if (total < payload.remaining() || total > limits.largest()) {
            throw new FrameFormatException("large " + header.type() + " of " + total + " bytes outside "
                    + payload.remaining() + ".." + limits.largest() + " (its first chunk carries " + payload.remaining() + ")");
        }
        if (assemblingBytes + total > limits.reassemblyBound()) {
            throw new FrameFormatException("large " + header.type() + " of " + total + " bytes would take the link's "
                    + "payloads in progress to " + (assemblingBytes + total) + " bytes, over the bound of "
                    + limits.reassemblyBound());
        }
        ByteBuffer data = pool != null ? pool.take((int) total) : ByteBuffer.wrap(new byte[(int) total]);
        Assembly assembly = new Assembly(header.copy(), data); // the reader reuses its header
        assembly.add(payload);
        assemblies.put(header.sessionId(), assembly);
        assemblingBytes += total;
        completeIfWhole(assembly);
    }

    private void continueWith(FrameHeader header, ByteBuffer payload) throws FrameFormatException {
        Assembly assembly = assemblies.get(header.sessionId());
        if (assembly == null || assembly.first.type() != header.type()) {
            throw new FrameFormatException("a chunk of a large " + header.type() + " for session "
                    + SessionId.format(header.sessionId()) + " came without its first chunk");
        }
        if (payload.remaining() > assembly.missing()) {
            throw new FrameFormatException("a chunk of " + payload.remaining() + " bytes overruns a large "
                    + header.type() + " missing only " + assembly.missing());
        }
        assembly.add(payload);
        completeIfWhole(assembly);
    }

    private void completeIfWhole(Assembly assembly) throws FrameFormatException {
        if (assembly.missing() == 0) {
            assemblies.remove(assembly.first.sessionId());
            ByteBuffer data = assembly.data.flip();
            assemblingBytes -= data.limit();
            FrameHeader first = assembly.first;
            joined++;
            whole.set(first.type(), first.flags() & ~FrameHeader.CHUNK_FLAGS, data.limit(), first.sessionId(), first.workerId());
            try {
                next.onFrame(whole, data);
            } finally {
                if (pool != null) {
                    pool.release(data);
                }
            }
        }
    }

    /** The link is gone: payloads still arriving never will, their pooled buffers go back, and the store lets go of the link's rings. */
    public void discardAssemblies() {
        if (inPlace != null) {
            inPlace.closeLink();
        }
        for (Assembly assembly : assemblies.values()) {
            if (pool != null) {
                pool.release(assembly.data);
            }
        }
        assemblies.clear();
        assemblingBytes = 0;
    }

    /** Large payloads handed on whole after arriving in chunks (streamed), so far. */
    public long joinedPayloads() {
        return joined;
    }

    /** Payloads handed on from the store, by reference, so far. */
    public long takenPayloads() {
        return taken;
    }

    /** Bytes held for payloads still arriving. */
    long assemblingBytes() {
        return assemblingBytes;
    }

    /** The payload as an array: the very array of a joined payload, a copy otherwise. */
    public static byte[] bytes(ByteBuffer payload) {
        if (payload.hasArray() && payload.arrayOffset() == 0 && payload.position() == 0
                && payload.remaining() == payload.array().length) {
            return payload.array();
        }
        byte[] copy = new byte[payload.remaining()];
        payload.get(copy);
        return copy;
    }

    private static final class Assembly {
        final FrameHeader first;
        /** Filled up to its position; its limit is the whole payload's size. */
        final ByteBuffer data;

        Assembly(FrameHeader first, ByteBuffer data) {
            this.first = first;
            this.data = data;
        }

        void add(ByteBuffer chunk) {
            data.put(chunk);
        }

        int missing() {
            return data.remaining();
        }
    }
}
