package io.consumidor.parquet;

import org.apache.parquet.io.PositionOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A local file as a Parquet output stream: benchmarks measure the encoder without S3, tests read back what they wrote. */
public final class LocalFileStream extends PositionOutputStream {

    private final OutputStream out;
    private long position;

    public LocalFileStream(Path file) throws IOException {
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    }

    @Override
    public long getPos() {
        return position;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        position++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        position += length;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
