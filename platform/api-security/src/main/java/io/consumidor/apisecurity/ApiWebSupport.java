package io.consumidor.apisecurity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every HTTP API of Consumidor registers ({@code @Import} it): the request id behind every problem's
 * {@code instance}, the problem writer of the security filter chain, and RFC 9457 problems in place of Boot's
 * {@code /error} body and Tomcat's HTML error page, so that no error of any API echoes its request.
 */
@Configuration(proxyBeanMethods = false)
public class ApiWebSupport {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    @Bean
    ProblemErrorReportValve.Installer problemErrorReportValve() {
        return new ProblemErrorReportValve.Installer();
    }

    @Bean
    ProblemResponses problemResponses(JsonMapper json) {
        return new ProblemResponses(json);
    }
}
