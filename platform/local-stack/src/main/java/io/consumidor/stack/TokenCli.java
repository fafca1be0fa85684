package io.consumidor.stack;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pipeline token --scope base-a:read [--scope ...] [--subject NAME] [--ttl-minutes N]
 * [--audience AUD]}: prints a short-lived development token from {@link LocalIssuer}.
 */
public final class TokenCli {

    private TokenCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> scopes = new ArrayList<>();
        String subject = "developer";
        String audience = LocalIssuer.AUDIENCE;
        long ttlMinutes = 15;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--scope" -> scopes.add(args[++i]);
                    case "--subject" -> subject = args[++i];
                    case "--audience" -> audience = args[++i];
                    case "--ttl-minutes" -> ttlMinutes = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            err.println("usage: pipeline token --scope SCOPE [--scope SCOPE ...] [--subject NAME] [--ttl-minutes N] [--audience AUD]");
            return 2;
        }
        if (scopes.isEmpty()) {
            err.println("pipeline token: name at least one --scope (base-a:read, base-a:write, base-a:erase; base-c:read and rating:read for the query API summary, features:read for its feature vectors; ops:read for the health and metrics endpoints)");
            return 2;
        }
        try {
            StackSettings settings = StackSettings.fromEnvironment(ProjectHome.locate());
            out.println(new LocalIssuer(settings).token(subject, scopes, Duration.ofMinutes(ttlMinutes), audience));
            return 0;
        } catch (StackException e) {
            err.println("pipeline token: " + e.getMessage());
            return 1;
        }
    }
}
