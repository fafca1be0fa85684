package io.consumidor.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of one of the stack's servers, for tests of a store going away mid-way: it
 * forwards bytes both ways until {@link #cutWhenRequestContains} sees a marker in what the client sends (say
 * {@code partNumber=} of an S3 UploadPart), then drops every connection and refuses new ones — the server as
 * the client sees it is down — until {@link #restore()}. The real server is never touched, so other tests
 * sharing it are not disturbed.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger cuts = new AtomicInteger();
    private volatile String marker;

    public CuttableProxy(String targetHost, int targetPort) {
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.target = new InetSocketAddress(targetHost, targetPort);
        Thread acceptor = new Thread(this::accept, "cuttable-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on, the first request whose bytes contain {@code marker} takes the server down. */
    public void cutWhenRequestContains(String marker) {
        this.marker = marker;
    }

    /** How many times the proxy went down. */
    public int cuts() {
        return cuts.get();
    }

    public void restore() {
        marker = null;
        down.set(false);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (down.get()) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(target.getHostString(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean watch) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String awaited = marker;
                    if (watch && awaited != null && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains(awaited)) {
                        cut();
                        return;
                    }
                    if (down.get()) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closed) {
                // the other side or a cut closed the connection
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "cuttable-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void cut() {
        if (down.compareAndSet(false, true)) {
            cuts.incrementAndGet();
        }
        sockets.forEach(CuttableProxy::closeQuietly);
        sockets.clear();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(CuttableProxy::closeQuietly);
    }
}
