package dev.parley.core;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with TOO_LARGE as soon as more than {@code max} bytes were read, before reading the rest. */
final class BoundedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    BoundedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // Never ask for more than one byte past the cap, so the failure comes without reading on.
        int n = super.read(b, off, (int) Math.min(len, max - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException();
    }

    private void counted(long n) {
        count += n;
        if (count > max) {
            throw ParleyException.tooLarge("file", "the file is larger than the upload limit of " + max + " bytes");
        }
    }
}
