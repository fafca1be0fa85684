package io.consumidor.baseaqueue.cli;

import io.consumidor.aws.S3Connection;
import io.consumidor.baseaqueue.BaseAQueue;
import io.consumidor.baseaqueue.QueueRequest;
import io.consumidor.baseaqueue.client.Answer;
import io.consumidor.baseaqueue.client.BaseAQueueClient;
import io.consumidor.baseaqueue.client.BaseAQueueException;
import io.consumidor.baseaqueue.client.ClientSettings;
import io.consumidor.core.wire.Namespace;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./pipeline ask consumer <cpf>} / {@code ./pipeline ask debts <cpf> [--page N] [--page-size N]}: one
 * request to Base A over SQS through {@link BaseAQueueClient}, the answer printed as JSON on stdout and how it
 * came (inline or through S3, sealed size, time) on stderr. Settings from the environment, as the stack's
 * {@code stack.env} gives them: {@code BASE_A_TOKEN} (a token for the queue's audience with {@code base-a:read}, used for this one request),
 * {@code SQS_ENDPOINT}, {@code S3_BUCKET} (where claim-checked answers may be),
 * {@code S3_ENDPOINT} (both empty for AWS), {@code AWS_REGION} and credentials, {@code CONSUMIDOR_NAMESPACE},
 * and the worker's public keyset from {@code BASE_A_WORKER_PUBLIC_KEYSET} (a file) or the dev key directory.
 * Exit codes: 0 answered, 1 an error reply or no answer, 2 usage.
 */
public final class AskCli {

    private static final String USAGE = "usage: pipeline ask consumer <cpf> [--purpose P] | ask debts <cpf> [--page N] [--page-size N] [--purpose P]";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    AskCli(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new AskCli(System.getenv(), System.out, System.err).run(args));
    }

    /** One parsed command line. */
    record Question(String kind, String cpf, String purpose, int page, int pageSize) {

        static Question parse(String[] args) {
            if (args.length < 2 || !(args[0].equals("consumer") || args[0].equals("debts"))) {
                throw new IllegalArgumentException(USAGE);
            }
            String purpose = "cli-lookup";
            Integer page = null;
            Integer pageSize = null;
            for (int i = 2; i < args.length; i += 2) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                }
                String value = args[i + 1];
                switch (option) {
                    case "--purpose" -> purpose = value;
                    case "--page" -> page = number(option, value);
                    case "--page-size" -> pageSize = number(option, value);
                    default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                }
            }
            if (args[0].equals("consumer") && (page != null || pageSize != null)) {
                throw new IllegalArgumentException("--page and --page-size are for debts\n" + USAGE);
            }
            return new Question(args[0], args[1], purpose, page == null ? 0 : page, pageSize == null ? QueueRequest.DEFAULT_PAGE_SIZE : pageSize);
        }

        private static int number(String option, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " must be a number, not " + value);
            }
        }
    }

    int run(String[] args) {
        Question question;
        try {
            question = Question.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("pipeline ask: " + e.getMessage());
            return 2;
        }
        String token = env.getOrDefault("BASE_A_TOKEN", "");
        if (token.isBlank()) {
            err.println("pipeline ask: BASE_A_TOKEN is empty (./pipeline ask gets one from the local issuer)");
            return 2;
        }
        String bucket = env.getOrDefault("S3_BUCKET", "");
        if (bucket.isBlank()) {
            err.println("pipeline ask: S3_BUCKET is empty (the bucket claim-checked answers come from; stack.env sets it)");
            return 2;
        }
        String workerKey;
        try {
            workerKey = Files.readString(workerKeyFile());
        } catch (IOException e) {
            err.println("pipeline ask: cannot read the worker's public key " + workerKeyFile() + " (is ingest-app running? it writes it on start): " + e);
            return 1;
        }
        Namespace namespace = Namespace.of(env.getOrDefault("CONSUMIDOR_NAMESPACE", ""));
        String replyName = "ask-" + ProcessHandle.current().pid();
        try (SqsClient sqs = sqs(); S3Client s3 = s3();
             BaseAQueueClient client = BaseAQueueClient.start(sqs, s3, ClientSettings.of(namespace, replyName, workerKey,
                     bucket, () -> token)
                     .withTimeout(Duration.ofSeconds(30), 3))) {
            long asked = System.nanoTime();
            Answer answer = question.kind().equals("consumer") ? client.consumer(question.cpf(), question.purpose())
                    : client.debts(question.cpf(), question.purpose(), question.page(), question.pageSize());
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(answer.body()));
            err.printf("answered in %d ms (round trip), %s, %d bytes sealed to this requester (request %s)%n", (System.nanoTime() - asked) / 1_000_000,
                    answer.claimChecked() ? "claim-checked through S3" : "inline", answer.sealedBytes(), answer.requestId());
            return 0;
        } catch (BaseAQueueException e) {
            err.println("pipeline ask: " + e.getMessage());
            return 1;
        } catch (CompletionException e) {
            err.println("pipeline ask: " + (e.getCause() instanceof TimeoutException ? e.getCause().getMessage()
                    + " (is ingest-app running? ./pipeline up starts it)" : e.getCause()));
            return 1;
        } catch (RuntimeException e) {
            err.println("pipeline ask: " + e);
            return 1;
        }
    }

    private Path workerKeyFile() {
        String explicit = env.getOrDefault("BASE_A_WORKER_PUBLIC_KEYSET", "");
        if (!explicit.isBlank()) {
            return Path.of(explicit);
        }
        return Path.of(env.getOrDefault("PIPELINE_STATE_DIR", ".pipeline"), "keys", BaseAQueue.DEV_WORKER_PUBLIC_KEYSET_FILE);
    }

    private SqsClient sqs() {
        SqsClientBuilder builder = SqsClient.builder().region(region()).credentialsProvider(credentials());
        String endpoint = env.getOrDefault("SQS_ENDPOINT", "");
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private S3Client s3() {
        return new S3Connection(env.getOrDefault("S3_ENDPOINT", ""), region().id(), true, env.getOrDefault("AWS_ACCESS_KEY_ID", ""),
                env.getOrDefault("AWS_SECRET_ACCESS_KEY", ""), Duration.ofSeconds(30)).client();
    }

    private Region region() {
        return Region.of(env.getOrDefault("AWS_REGION", "sa-east-1"));
    }

    private AwsCredentialsProvider credentials() {
        String key = env.getOrDefault("AWS_ACCESS_KEY_ID", "");
        return key.isBlank() ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(key, env.getOrDefault("AWS_SECRET_ACCESS_KEY", "")));
    }
}
