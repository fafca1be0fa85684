package io.consumidor.testsupport;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class StackEnvironmentPostProcessorIT {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Test
    void springContextsInTestsSeeTheStackSettingsAsProperties() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE).run()) {
            assertThat(context.getEnvironment().getProperty("MONGODB_URI")).isEqualTo(TestStack.env().mongoUri());
            assertThat(context.getEnvironment().getProperty("POSTGRES_URL")).isEqualTo(TestStack.env().postgresUrl());
        }
    }

    @Test
    void explicitPropertiesStillWinOverTheStack() {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE).run("--ELASTICSEARCH_URL=http://elsewhere:9200")) {
            assertThat(context.getEnvironment().getProperty("ELASTICSEARCH_URL")).isEqualTo("http://elsewhere:9200");
        }
    }
}
