package io.consumidor.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's initdb and Elasticsearch refuse to run as root, and CI here runs as root. As root we run
 * them in a user namespace that maps the invoking root to uid 65534 (nobody): the servers see an
 * unprivileged user that owns their files, while on disk the files stay root's. Plain {@code unshare -U}
 * is not enough for Elasticsearch, whose entitlement agent attaches through a socket whose owner must
 * match the process uid. Where user namespaces are blocked we fall back to {@code setpriv} as uid 65534
 * and hand that user the server's directories. As a normal user, commands run unchanged.
 */
public final class Unprivileged {

    private static final String NOBODY = "65534";

    private enum Mode { NONE, USER_NAMESPACE, SETPRIV }

    private final Mode mode;

    private Unprivileged(Mode mode) {
        this.mode = mode;
    }

    public static Unprivileged detect() {
        if (!isRoot()) {
            return new Unprivileged(Mode.NONE);
        }
        if (succeeds(List.of("unshare", "-U", "--map-user=" + NOBODY, "--map-group=" + NOBODY, "true"))) {
            return new Unprivileged(Mode.USER_NAMESPACE);
        }
        if (succeeds(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "true"))) {
            return new Unprivileged(Mode.SETPRIV);
        }
        throw new StackException("running as root, but neither 'unshare -U' nor 'setpriv' can drop privileges here;"
                + " PostgreSQL and Elasticsearch refuse to run as root. Run the stack as a normal user.");
    }

    private static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (LinkageError e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The command, run as an unprivileged user when we are root. */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>();
        switch (mode) {
            case NONE -> { }
            case USER_NAMESPACE -> wrapped.addAll(List.of("unshare", "-U", "--map-user=" + NOBODY, "--map-group=" + NOBODY));
            case SETPRIV -> wrapped.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** With setpriv the unprivileged user must own what the server writes; other modes need nothing. */
    public void grantWrite(Path... dirs) {
        if (mode != Mode.SETPRIV) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("chown", "-R", NOBODY + ":" + NOBODY));
        try {
            for (Path dir : dirs) {
                Files.createDirectories(dir);
                command.add(dir.toString());
            }
        } catch (IOException e) {
            throw new StackException("cannot create " + List.of(dirs) + ": " + e.getMessage(), e);
        }
        if (!succeeds(command)) {
            throw new StackException("cannot hand " + List.of(dirs) + " to uid " + NOBODY + " (chown failed)");
        }
    }
}
