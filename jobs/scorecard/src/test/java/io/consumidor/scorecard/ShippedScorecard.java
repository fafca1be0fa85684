package io.consumidor.scorecard;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The scorecard exactly as shipped in {@code scorecard.yml}, bound the way the application binds it. */
final class ShippedScorecard {

    private ShippedScorecard() {
    }

    static ScorecardDefinition definition() {
        try {
            StandardEnvironment environment = new StandardEnvironment();
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("scorecard", new ClassPathResource("scorecard.yml"))) {
                environment.getPropertySources().addLast(source);
            }
            return Binder.get(environment).bind("consumidor.scorecard", ScorecardDefinition.class).get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Scorecard scorecard() {
        return new Scorecard(definition());
    }
}
