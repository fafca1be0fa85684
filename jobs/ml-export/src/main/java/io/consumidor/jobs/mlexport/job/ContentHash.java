package io.consumidor.jobs.mlexport.job;

import io.consumidor.parquet.RowCodec;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The content hash of a dataset: the sum, modulo 2^256, of the SHA-256 of every row's canonical bytes
 * ({@link RowCodec}). A sum does not depend on the order rows were hashed in, so the hash of the sorted rows
 * is the same whatever the partitioning, and partitions' sums add up to the dataset's. Same rows ⇔ same hash
 * (up to SHA-256 collisions), which is what "reproducible" is checked by.
 */
public final class ContentHash {

    public static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final RowCodec codec;
    private final MessageDigest sha256;
    private final RowBytes bytes = new RowBytes();
    private final DataOutputStream out = new DataOutputStream(bytes);
    private BigInteger sum = BigInteger.ZERO;

    public ContentHash(RowCodec codec) {
        this.codec = codec;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void add(Object[] row) {
        bytes.reset();
        try {
            codec.write(row, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha256.update(bytes.buffer(), 0, bytes.size());
        sum = sum.add(new BigInteger(1, sha256.digest())).mod(MODULUS);
    }

    /** One row's bytes, hashed where they lie: no copy per row, and no lock per value written (one thread). */
    private static final class RowBytes extends ByteArrayOutputStream {

        RowBytes() {
            super(512);
        }

        byte[] buffer() {
            return buf;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    public BigInteger sum() {
        return sum;
    }

    public static String hex(BigInteger sum) {
        return String.format("%064x", sum.mod(MODULUS));
    }
}
