package io.consumidor.router.routes;

import io.consumidor.core.event.EventCodec;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.subject.Subject;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.RouteDefinitions.Route;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private static final Subject SUBJECT = new Subject("dev_" + "ab".repeat(32));
    private static final Destination MONGO = new Destination(Sink.MONGODB, "profiles", WriteMode.MERGE, "profile");
    private static final Destination LOG = new Destination(Sink.ELASTICSEARCH, "events", WriteMode.INDEX, null);
    private static final Destination LATEST = new Destination(Sink.ELASTICSEARCH, "latest", WriteMode.LATEST, null);

    private static EventEnvelope event(String type, String payload) {
        return EventEnvelope.external(UUID.randomUUID(), type, 1, Instant.parse("2026-11-22T10:00:00Z"), SUBJECT,
                new EventCodec().mapper().readTree(payload));
    }

    private static RouteTable table(Route... routes) {
        return new RouteTable(new RouteDefinitions(List.of(routes), 1));
    }

    @Test
    void everyMatchingRouteContributesItsDestinations() {
        RouteTable table = table(new Route("profile", List.of("consumer.profile"), null, List.of(MONGO)),
                new Route("log", List.of("card.purchase", "bureau.query"), null, List.of(LOG)),
                new Route("latest", List.of("card.purchase"), null, List.of(LATEST)));
        assertThat(table.targets(event("consumer.profile", "{}"))).extracting(RouteTable.Target::destination).containsExactly(MONGO);
        assertThat(table.targets(event("card.purchase", "{}"))).extracting(RouteTable.Target::destination).containsExactly(LOG, LATEST);
        assertThat(table.targets(event("bureau.query", "{}"))).extracting(RouteTable.Target::destination).containsExactly(LOG);
        assertThat(table.targets(event("weather.report", "{}"))).isEmpty();
    }

    @Test
    void aWhereClauseMatchesOnPayloadFields() {
        RouteTable table = table(new Route("serasa-only", List.of("bureau.query"), Map.of("bureau", "serasa", "meta.channel", "api"),
                List.of(LOG)));
        assertThat(table.targets(event("bureau.query", "{\"bureau\":\"serasa\",\"meta\":{\"channel\":\"api\"}}"))).hasSize(1);
        assertThat(table.targets(event("bureau.query", "{\"bureau\":\"boa-vista\",\"meta\":{\"channel\":\"api\"}}"))).isEmpty();
        assertThat(table.targets(event("bureau.query", "{\"bureau\":\"serasa\"}"))).isEmpty();
    }

    @Test
    void aModeThatDoesNotFitTheSinkIsRejectedNamingTheRoute() {
        assertThatThrownBy(() -> table(new Route("bad-one", List.of("card.purchase"), null,
                List.of(new Destination(Sink.ELASTICSEARCH, "events", WriteMode.MERGE, "profile")))))
                .hasMessage("routes.yml: route 'bad-one', destination 1 (elasticsearch:events/merge(profile)): mode merge does not apply to sink elasticsearch");
    }

    @Test
    void mergeNeedsAGroupOfTheContractAndOnlyMergeTakesOne() {
        assertThatThrownBy(() -> table(new Route("r", List.of("consumer.profile"), null,
                List.of(new Destination(Sink.MONGODB, "profiles", WriteMode.MERGE, null)))))
                .hasMessageContaining("route 'r'").hasMessageContaining("needs a group");
        assertThatThrownBy(() -> table(new Route("r", List.of("consumer.profile"), null,
                List.of(new Destination(Sink.MONGODB, "profiles", WriteMode.MERGE, "activity")))))
                .hasMessageContaining("group 'activity' is not a profile group of the Base B contract");
        assertThatThrownBy(() -> table(new Route("r", List.of("card.purchase"), null,
                List.of(new Destination(Sink.ELASTICSEARCH, "latest", WriteMode.LATEST, "profile")))))
                .hasMessageContaining("group applies to mode merge only");
    }

    @Test
    void aRouteMayOnlyNameTypesStoresAndGroupsTheContractsDeclare() {
        assertThatThrownBy(() -> table(new Route("r", List.of("weather.report"), null, List.of(LOG))))
                .hasMessageContaining("event type 'weather.report' is not in the contract");
        assertThatThrownBy(() -> table(new Route("r", List.of("consumer.facts"), null, List.of(MONGO))))
                .hasMessageContaining("event type consumer.facts does not carry the profile group");
        assertThatThrownBy(() -> table(new Route("r", List.of("consumer.profile"), null,
                List.of(new Destination(Sink.MONGODB, "ratings", WriteMode.MERGE, "profile")))))
                .hasMessageContaining("target 'ratings'");
        assertThatThrownBy(() -> table(new Route("r", List.of("card.purchase"), null,
                List.of(new Destination(Sink.ELASTICSEARCH, "purchases", WriteMode.INDEX, null)))))
                .hasMessageContaining("'purchases' is not a Base C index");
        assertThatThrownBy(() -> table(new Route("r", List.of("card.purchase"), null,
                List.of(new Destination(Sink.ELASTICSEARCH, "latest", WriteMode.INDEX, null)))))
                .hasMessageContaining("mode index writes the 'events' index");
    }

    @Test
    void duplicateRouteNamesAreRejected() {
        Route a = new Route("same", List.of("card.purchase"), null, List.of(LOG));
        assertThatThrownBy(() -> table(a, a)).hasMessageContaining("route 'same': the route name is used twice");
    }
}
