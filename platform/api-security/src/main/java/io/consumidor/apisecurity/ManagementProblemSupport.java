package io.consumidor.apisecurity;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * The management server's own Tomcat (a child context when {@code management.server.port} is set apart) gets the
 * same RFC 9457 valve as the API's, and no error page: the parent's web-server customizers do not reach it, and
 * Boot's child context forwards every container error (TRACE, an unmapped path) to its own {@code /error}, whose
 * JSON body echoes the path. With the error pages cleared, the valve answers them as problems. Registered through
 * {@code META-INF/spring/...ManagementContextConfiguration.imports}.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
public class ManagementProblemSupport {

    @Bean
    ProblemErrorReportValve.Installer managementProblemErrorReportValve() {
        return new ProblemErrorReportValve.Installer();
    }

    /** Last, after Boot's {@code ManagementErrorPageCustomizer} added its page. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> managementErrorPagesCleared() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(ConfigurableServletWebServerFactory factory) {
                factory.setErrorPages(java.util.Set.of());
            }
        };
    }
}
