package io.consumidor.router;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.router.elasticsearch.EventIndexWriter;
import io.consumidor.router.erasure.ErasureSweeper;
import io.consumidor.router.mongo.ProfileWriter;
import io.consumidor.router.routes.RouteDefinitions;
import io.consumidor.router.routes.RouteTable;
import io.consumidor.router.routing.EventRouter;
import io.consumidor.router.routing.QueueFeeds;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.messaging.Message;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RouteDefinitions.class, RouterProperties.class})
class RouterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

    @Bean
    RouteTable routeTable(RouteDefinitions definitions) {
        return new RouteTable(definitions);
    }

    @Bean
    ProfileWriter profileWriter(MongoTemplate mongo) {
        return new ProfileWriter(mongo.getDb(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    EventIndexWriter eventIndexWriter(ElasticsearchClient client, RouterProperties properties) {
        EventIndexWriter writer = new EventIndexWriter(client, BaseCIndices.of(properties.deployment()), properties.bulk(),
                Clock.systemUTC());
        try {
            writer.ensureTemplates();
        } catch (UncheckedIOException unreachable) {
            // Start anyway: MongoDB-bound messages need not wait, Elasticsearch-bound ones are retried.
            log.warn("Elasticsearch unreachable at start-up ({}); its index templates will be put before the first write",
                    unreachable.getMessage());
        }
        return writer;
    }

    @Bean
    ErasureSweeper erasureSweeper(EventIndexWriter events, ProfileWriter profiles, RouterProperties properties, MeterRegistry meters) {
        return new ErasureSweeper(events.erasure(), profiles.store(), properties.erasureSweep(), meters, Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService routerWriteExecutor(RouterProperties properties) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(properties.writeThreads(), r -> {
            Thread thread = new Thread(r, "router-write-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The function bound to the input queues ({@code route-in-0}). */
    @Bean
    Consumer<Message<List<String>>> route(RouteDefinitions definitions, RouteTable routes, ProfileWriter profiles,
                                          EventIndexWriter events, ExecutorService routerWriteExecutor,
                                          RouterProperties properties, MeterRegistry meters) {
        return new EventRouter(definitions, routes, List.of(profiles, events), routerWriteExecutor, properties.writeTimeout(), meters,
                QueueFeeds.of(properties.deployment()));
    }
}
