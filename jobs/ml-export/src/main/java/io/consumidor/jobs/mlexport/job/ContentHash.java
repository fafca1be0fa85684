package io.consumidor.jobs.mlexport.job;

import io.consumidor.jobs.mlexport.parquet.RowCodec;

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
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
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
        sum = sum.add(new BigInteger(1, sha256.digest(bytes.toByteArray()))).mod(MODULUS);
    }

    public BigInteger sum() {
        return sum;
    }

    public static String hex(BigInteger sum) {
        return String.format("%064x", sum.mod(MODULUS));
    }
}
