package io.consumidor.testsupport;

import io.consumidor.stack.LocalIssuer;
import io.consumidor.stack.LocalStack;
import io.consumidor.stack.ProjectHome;
import io.consumidor.stack.ServerStatus;
import io.consumidor.stack.StackEnvFile;
import io.consumidor.stack.StackSettings;

import java.util.List;

/**
 * The one way tests reach the local stack. The first call in a test JVM reuses a running stack (as
 * under {@code ./pipeline test}, which starts it once per build) or starts the missing servers and stops
 * exactly those when the JVM exits. A JVM-wide singleton on purpose: the stack is a per-machine resource.
 */
public final class TestStack {

    private static StackEnv env;

    private TestStack() {
    }

    public static synchronized StackEnv env() {
        if (env == null) {
            env = start();
        }
        return env;
    }

    private static StackEnv start() {
        StackSettings settings = StackSettings.fromEnvironment(ProjectHome.locate());
        LocalStack stack = LocalStack.create(settings, System.out);
        boolean allUp = stack.status().stream().allMatch(ServerStatus::up);
        if (!allUp) {
            List<String> started = stack.up().started();
            if (!started.isEmpty() && !Boolean.parseBoolean(System.getenv("PIPELINE_KEEP_STACK"))) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.stop(started), "test-stack-down"));
            }
        }
        new LocalIssuer(settings).ensureKeys();
        return new StackEnv(StackEnvFile.testEntries(settings), settings);
    }
}
