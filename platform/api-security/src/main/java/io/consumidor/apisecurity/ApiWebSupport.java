package io.consumidor.apisecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every HTTP API of Consumidor registers ({@code @Import} it): the request id behind every problem's
 * {@code instance}, and the problem writer of the security filter chain.
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebSupport {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }
}
