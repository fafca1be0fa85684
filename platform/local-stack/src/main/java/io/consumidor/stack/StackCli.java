package io.consumidor.stack;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code pipeline stack up|down|status|env|kill NAME}: the command-line face of {@link LocalStack}. User
 * errors print one clear message and exit 1; usage errors exit 2.
 */
public final class StackCli {

    private StackCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println("usage: pipeline stack up|down|status|env|kill <server>");
            return 2;
        }
        StackSettings settings;
        try {
            settings = StackSettings.fromEnvironment(ProjectHome.locate());
        } catch (StackException e) {
            err.println("pipeline stack: " + e.getMessage());
            return 1;
        }
        boolean withApps = List.of(args).contains("--apps");
        try (LocalStack stack = LocalStack.create(settings, out); LocalStack apps = LocalStack.apps(settings, out)) {
            return switch (args[0]) {
                case "up" -> withApps ? upWithApps(stack, apps, out) : up(stack, out);
                case "down" -> {
                    apps.down();
                    yield down(stack, out);
                }
                case "status" -> status(stack, apps, out);
                case "env" -> env(stack, out);
                case "kill" -> kill(stack, args, out, err);
                default -> {
                    err.println("unknown command '" + args[0] + "': use up, down, status, env or kill <server>");
                    yield 2;
                }
            };
        } catch (StackException e) {
            err.println("pipeline stack: " + e.getMessage());
            return 1;
        }
    }

    private static int up(LocalStack stack, PrintStream out) {
        out.println("Starting the local stack (state in " + stack.relative(stack.settings().stateDir()) + ")");
        LocalStack.UpResult result = stack.up();
        long residentKib = stack.status().stream().mapToLong(ServerStatus::residentKib).sum();
        out.printf("Stack up in %.1f s: %d started, %d reused; %d MiB resident in all.%n",
                result.took().toMillis() / 1000.0, result.started().size(), result.reused().size(), residentKib / 1024);
        out.println("Connection settings: " + stack.relative(stack.settings().envFile())
                + "  (load with: set -a; . " + stack.relative(stack.settings().envFile()) + "; set +a)");
        return 0;
    }

    private static int upWithApps(LocalStack stack, LocalStack apps, PrintStream out) {
        up(stack, out);
        out.println("Starting the apps");
        LocalStack.UpResult result = apps.up();
        out.printf("Apps up in %.1f s. Try: curl -H \"Authorization: Bearer $(./pipeline token --scope base-a:read)\" "
                + "http://127.0.0.1:%d/consumers/52998224725%n", result.took().toMillis() / 1000.0, stack.settings().ingestPort());
        out.printf("The query API is on http://127.0.0.1:%d (POST /v1/consumers/summary, scopes base-c:read and rating:read; POST /v1/features, scope features:read).%n",
                stack.settings().queryPort());
        out.printf("Operators: curl http://127.0.0.1:%d/actuator/health/readiness (no token); detailed health and"
                        + " /actuator/prometheus with a token of scope ops:read; the query API's on %d, the router's on %d,"
                        + " the scheduler's on %d.%n",
                stack.settings().ingestPort() + io.consumidor.stack.server.AppServer.MANAGEMENT_OFFSET,
                stack.settings().queryPort() + io.consumidor.stack.server.AppServer.MANAGEMENT_OFFSET,
                stack.settings().routerPort(), stack.settings().schedulesPort());
        return 0;
    }

    private static int down(LocalStack stack, PrintStream out) {
        List<String> stopped = stack.down();
        out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped " + String.join(", ", stopped) + ".");
        return 0;
    }

    private static int status(LocalStack stack, LocalStack apps, PrintStream out) {
        List<ServerStatus> statuses = new java.util.ArrayList<>(stack.status());
        List<ServerStatus> appStatuses = apps.status();
        statuses.addAll(appStatuses.stream().filter(s -> s.state() != ServerStatus.State.DOWN).toList());
        out.printf("%-14s %-9s %-30s %-6s %-8s %-8s %s%n", "SERVER", "STATE", "IMPLEMENTATION", "PORT", "PID", "RSS", "LOG");
        for (ServerStatus s : statuses) {
            out.printf("%-14s %-9s %-30s %-6s %-8s %-8s %s%n", s.name(), s.state().name().toLowerCase(),
                    s.implementation(), s.port() == 0 ? "-" : Integer.toString(s.port()), s.pid() == null ? "-" : s.pid().toString(),
                    s.pid() == null ? "-" : (s.residentKib() / 1024) + "M", stack.relative(s.log()));
        }
        return stack.status().stream().allMatch(ServerStatus::up) ? 0 : 3;
    }

    private static int env(LocalStack stack, PrintStream out) {
        StackEnvFile.entries(stack.settings()).forEach((key, value) -> out.println(key + "=" + value));
        return 0;
    }

    private static int kill(LocalStack stack, String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: pipeline stack kill <server>");
            return 2;
        }
        out.println(stack.kill(args[1]) ? "Killed " + args[1] + "." : args[1] + " was not running.");
        return 0;
    }
}
