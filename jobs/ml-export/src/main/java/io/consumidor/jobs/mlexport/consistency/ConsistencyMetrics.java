package io.consumidor.jobs.mlexport.consistency;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest report of each dataset as gauges, where the job runs in a process with a meter registry (the
 * scheduler, whose Prometheus scrape then carries them): {@code consumidor.features.consistency.match.rate},
 * {@code .skew} (values), {@code .lookups} and {@code .accepted} by dataset. An alert on the match rate is the
 * signal that online and offline drifted apart. In the one-shot job host there is no registry: the report on S3
 * and the log line stand alone.
 */
final class ConsistencyMetrics {

    private record Latest(double matchRate, double skew, double lookups, double accepted) {
    }

    private final MeterRegistry meters;
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();

    ConsistencyMetrics(ObjectProvider<MeterRegistry> meters) {
        this.meters = meters.getIfAvailable();
    }

    void publish(ConsistencyReport report) {
        if (meters == null) {
            return;
        }
        boolean first = !latest.containsKey(report.dataset());
        latest.put(report.dataset(), new Latest(report.matchRate() == null ? Double.NaN : report.matchRate(), report.skew(), report.lookups(),
                report.accepted().values().stream().mapToLong(Long::longValue).sum()));
        if (first) {
            String dataset = report.dataset();
            Gauge.builder("consumidor.features.consistency.match.rate", latest, m -> m.get(dataset).matchRate()).tag("dataset", dataset).register(meters);
            Gauge.builder("consumidor.features.consistency.skew", latest, m -> m.get(dataset).skew()).tag("dataset", dataset).register(meters);
            Gauge.builder("consumidor.features.consistency.lookups", latest, m -> m.get(dataset).lookups()).tag("dataset", dataset).register(meters);
            Gauge.builder("consumidor.features.consistency.accepted", latest, m -> m.get(dataset).accepted()).tag("dataset", dataset).register(meters);
        }
    }
}
