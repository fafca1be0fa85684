package io.consumidor.testsupport;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives every Spring context in a test JVM the local stack's settings as properties named like the
 * environment variables the apps read ({@code POSTGRES_URL}, {@code MONGODB_URI}, ...). Added last, so
 * real environment variables and test properties still win. Only on test classpaths: this module is
 * never a runtime dependency.
 */
public class StackEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String SOURCE = "consumidor-local-stack";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Map<String, Object> values = new HashMap<>(TestStack.env().values());
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, values));
    }
}
