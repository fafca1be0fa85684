package io.consumidor.router.routes;

import io.consumidor.configerrors.ConfigFile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;
import java.util.Map;

/**
 * The routes of {@code routes.yml} ({@code consumidor.router.*}). Bean Validation names the bad field
 * ({@code consumidor.router.routes[2].destinations[0].target}); {@link RouteTable} adds the checks that span
 * fields and names the route.
 *
 * @param routes              routes in order; every matching route contributes its destinations
 * @param maxSchemaVersion    newest envelope schema version this router understands; newer ones are dead-lettered
 */
@Validated
@ConfigurationProperties("consumidor.router")
@ConfigFile("routes.yml")
public record RouteDefinitions(@NotEmpty List<@Valid Route> routes, @DefaultValue("1") int maxSchemaVersion) {

    /**
     * @param name         unique, used in metrics and dead-letter attributes
     * @param types        event types the route matches
     * @param where        optional payload fields that must equal these values (dotted paths)
     * @param destinations where matching events are written
     */
    public record Route(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]*", message = "lower-case letters, digits and '-'") String name,
                        @NotEmpty List<@NotBlank String> types,
                        Map<String, String> where,
                        @NotEmpty List<@Valid Destination> destinations) {

        public Route {
            where = where == null ? Map.of() : Map.copyOf(where);
        }
    }

    /**
     * @param sink   {@code mongodb} or {@code elasticsearch}
     * @param target a store of the contract: the Base B collection {@code profiles}, or the Base C index
     *               {@code events} (the activity log, one index per month) or {@code latest}; for an
     *               Elasticsearch erase, the indices to erase from ({@code events,latest})
     * @param mode   how to write: merge, index, latest, erase
     * @param group  MERGE: the profile group the event's facts go to ({@code profile}, {@code debtSummary},
     *               {@code reportedFacts}); which fields a group holds is the Base B contract's, not the route's
     */
    public record Destination(@NotNull Sink sink,
                              @NotBlank @Pattern(regexp = "[a-zA-Z]+(,[a-zA-Z]+)*", message = "the name of a store of the contract, or names separated by ','") String target,
                              @NotNull WriteMode mode,
                              String group) {

        /** A short, stable label for metrics and dead letters: {@code mongodb:profiles/merge(profile)}. */
        public String label() {
            return sink.name().toLowerCase() + ":" + target + "/" + mode.name().toLowerCase() + (group == null ? "" : "(" + group + ")");
        }
    }
}
