package io.mailflow.store.spool;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, reused: bytes written to a file from a heap array are first copied
 * by the JDK into a temporary direct buffer, so message bytes gathered in a direct buffer of ours
 * are copied once instead of twice on their way to the spool. Allocating a direct buffer costs
 * more than the copy it saves, hence the pool; it keeps at most {@code max} idle buffers, so a
 * burst of sessions leaves no lasting footprint beyond them.
 */
final class DirectBuffers {

    private final int size;
    private final int max;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    DirectBuffers(int size, int max) {
        this.size = size;
        this.max = max;
    }

    int size() {
        return size;
    }

    /** A cleared buffer of {@link #size()} bytes. */
    ByteBuffer take() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(size);
        }
        idleCount.decrementAndGet();
        return b.clear();
    }

    /** Gives a buffer back; the caller must not use it afterwards. */
    void give(ByteBuffer b) {
        if (idleCount.incrementAndGet() <= max) {
            idle.offer(b);
        } else {
            idleCount.decrementAndGet(); // dropped: the garbage collector frees it
        }
    }
}
