package io.consumidor.router.bench;

import io.awspring.cloud.autoconfigure.sqs.SqsAsyncClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Benchmark instrumentation added to the router's context: counts the SQS API calls its client makes, so the
 * benchmark can show requests per message (receives and batch deletes of ten, or something worse).
 */
@Configuration(proxyBeanMethods = false)
public class SqsRequestCounter {

    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    /** Calls per operation since the last reset. */
    static Map<String, Long> snapshot() {
        Map<String, Long> calls = new TreeMap<>();
        CALLS.forEach((operation, count) -> calls.put(operation, count.sum()));
        return calls;
    }

    static void reset() {
        CALLS.clear();
    }

    @Bean
    SqsAsyncClientCustomizer countingSqsCalls() {
        return builder -> builder.overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                CALLS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder()).increment();
            }
        }));
    }
}
