package io.consumidor.stack.server;

import io.consumidor.stack.LaunchSpec;
import io.consumidor.stack.StackException;
import io.consumidor.stack.StackSettings;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** ElasticMQ speaking the SQS API (query and JSON protocols) on loopback; queues live in memory. */
public final class ElasticMqServer implements StackServer {

    private final StackSettings settings;
    private SqsClient client;

    public ElasticMqServer(StackSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "sqs";
    }

    @Override
    public String implementation() {
        return "ElasticMQ";
    }

    @Override
    public List<Integer> ports() {
        return List.of(settings.sqsPort());
    }

    private Path configFile() {
        return settings.configDir().resolve("elasticmq.conf");
    }

    @Override
    public void prepare() {
        String config = """
                include classpath("application.conf")
                node-address { protocol = http, host = "%1$s", port = %2$d, context-path = "" }
                rest-sqs { enabled = true, bind-port = %2$d, bind-hostname = "%1$s", sqs-limits = strict }
                rest-stats { enabled = false }
                generate-node-address = false
                aws { region = "%3$s", accountId = "000000000000" }
                """.formatted(StackSettings.HOST, settings.sqsPort(), StackSettings.AWS_REGION);
        try {
            Files.createDirectories(settings.configDir());
            Files.writeString(configFile(), config);
        } catch (IOException e) {
            throw new StackException("sqs: cannot write " + configFile() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LaunchSpec launch() {
        return new LaunchSpec(ServerClasspath.javaCommand(settings, settings.serverHeap(),
                List.of("-XX:TieredStopAtLevel=1", "-Dconfig.file=" + configFile()),
                ServerClasspath.of(settings.home(), "elasticmq"), "org.elasticmq.server.Main"), Map.of(), settings.stateDir());
    }

    @Override
    public boolean ready() {
        try {
            client().listQueues();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private SqsClient client() {
        if (client == null) {
            client = LocalAwsClients.probing(SqsClient.builder(), settings.sqsEndpoint()).build();
        }
        return client;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
