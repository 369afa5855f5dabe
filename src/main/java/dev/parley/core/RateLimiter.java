package dev.parley.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a user): {@code rate} tokens per second up to {@code burst}. Buckets of
 * keys that have been quiet long enough to be full again are dropped, so memory stays bounded by
 * the number of recently active keys.
 */
public final class RateLimiter {
    private final double rate;
    private final double burst;
    private final java.util.function.LongSupplier nanos;
    private final Map<Object, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(double rate, int burst) {
        this(rate, burst, System::nanoTime);
    }

    RateLimiter(double rate, int burst, java.util.function.LongSupplier nanos) {
        this.rate = rate;
        this.burst = burst;
        this.nanos = nanos;
    }

    /** Takes one token for {@code key}, or fails with RATE_LIMITED. */
    public void acquire(Object key) {
        if (!tryAcquire(key)) {
            throw new ParleyException(ErrorCode.RATE_LIMITED, "too many messages, slow down");
        }
    }

    public boolean tryAcquire(Object key) {
        long now = nanos.getAsLong();
        if (buckets.size() > 100_000) {
            sweep(now);
        }
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * rate / 1e9);
            bucket.at = now;
            if (bucket.tokens < 1) {
                return false;
            }
            bucket.tokens -= 1;
            return true;
        }
    }

    private void sweep(long now) {
        long full = (long) (burst / rate * 1e9);
        buckets.values().removeIf(b -> now - b.at > full);
    }
}
