package io.consumidor.router.routes;

import io.consumidor.configerrors.InvalidConfigurationException;
import io.consumidor.baseb.BaseBCollections;
import io.consumidor.baseb.profile.ProfileGroup;
import io.consumidor.basec.BaseCIndices;
import io.consumidor.core.event.EventEnvelope;
import io.consumidor.core.event.EventType;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.RouteDefinitions.Route;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated routes, and which destinations an event goes to. Routes may only name what the contracts
 * declare — event types ({@link EventType}), the Base B collection and its groups ({@link ProfileGroup}),
 * the Base C indices ({@link BaseCIndices}) — so a route cannot write a field or store nobody reads.
 */
public final class RouteTable {

    /** One destination an event is routed to, and the route that sent it there. */
    public record Target(Route route, Destination destination) {
    }

    private final List<Route> routes;

    public RouteTable(RouteDefinitions definitions) {
        this.routes = List.copyOf(definitions.routes());
        validate(routes);
    }

    /** Every destination of every route matching the event; empty when none matches (a {@code no-route} dead letter). */
    public List<Target> targets(EventEnvelope event) {
        List<Target> targets = new ArrayList<>();
        for (Route route : routes) {
            if (route.types().contains(event.type()) && payloadMatches(route.where(), event.payload())) {
                route.destinations().forEach(d -> targets.add(new Target(route, d)));
            }
        }
        return targets;
    }

    public List<Route> routes() {
        return routes;
    }

    private static boolean payloadMatches(Map<String, String> where, JsonNode payload) {
        for (Map.Entry<String, String> condition : where.entrySet()) {
            JsonNode node = payload;
            for (String part : condition.getKey().split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node == null || node.isNull() || !condition.getValue().equals(node.isString() ? node.asString() : node.toString())) {
                return false;
            }
        }
        return true;
    }

    private static void validate(List<Route> routes) {
        Set<String> names = new HashSet<>();
        for (Route route : routes) {
            if (!names.add(route.name())) {
                throw new InvalidRoutesException("route '" + route.name() + "'", "the route name is used twice");
            }
            List<EventType> types = new ArrayList<>();
            for (String type : route.types()) {
                types.add(EventType.of(type).orElseThrow(() -> new InvalidRoutesException("route '" + route.name() + "'",
                        "types: event type '" + type + "' is not in the contract (known: " + java.util.Arrays.toString(EventType.values()) + ")")));
            }
            for (int i = 0; i < route.destinations().size(); i++) {
                Destination d = route.destinations().get(i);
                String where = "route '" + route.name() + "', destination " + (i + 1) + " (" + d.label() + ")";
                if (!d.mode().appliesTo(d.sink())) {
                    throw new InvalidRoutesException(where, "mode " + d.mode().name().toLowerCase() + " does not apply to sink "
                            + d.sink().name().toLowerCase());
                }
                if (d.mode() != WriteMode.MERGE && d.group() != null) {
                    throw new InvalidRoutesException(where, "group applies to mode merge only");
                }
                switch (d.sink()) {
                    case MONGODB -> validateMongo(where, d, types);
                    case ELASTICSEARCH -> validateElasticsearch(where, d);
                }
            }
        }
    }

    private static void validateMongo(String where, Destination d, List<EventType> types) {
        if (!d.target().equals(BaseBCollections.PROFILES)) {
            throw new InvalidRoutesException(where, "target '" + d.target() + "': the router writes Base B's '"
                    + BaseBCollections.PROFILES + "' only");
        }
        if (d.mode() != WriteMode.MERGE) {
            return;
        }
        if (d.group() == null || d.group().isBlank()) {
            throw new InvalidRoutesException(where, "mode merge needs a group (the profile group to write)");
        }
        ProfileGroup group = ProfileGroup.ofField(d.group()).orElseThrow(() -> new InvalidRoutesException(where, "group '"
                + d.group() + "' is not a profile group of the Base B contract (known: "
                + java.util.Arrays.stream(ProfileGroup.values()).map(ProfileGroup::fieldName).toList() + ")"));
        for (EventType type : types) {
            if (!group.sources().contains(type)) {
                throw new InvalidRoutesException(where, "event type " + type + " does not carry the " + group.fieldName()
                        + " group (carried by " + group.sources() + ")");
            }
        }
    }

    private static void validateElasticsearch(String where, Destination d) {
        List<String> targets = List.of(d.target().split(","));
        for (String target : targets) {
            if (!target.equals(BaseCIndices.EVENTS) && !target.equals(BaseCIndices.LATEST)) {
                throw new InvalidRoutesException(where, "target '" + target + "' is not a Base C index (known: "
                        + BaseCIndices.EVENTS + ", " + BaseCIndices.LATEST + ")");
            }
        }
        String expected = switch (d.mode()) {
            case INDEX -> BaseCIndices.EVENTS;
            case LATEST -> BaseCIndices.LATEST;
            default -> null;
        };
        if (expected != null && !d.target().equals(expected)) {
            throw new InvalidRoutesException(where, "mode " + d.mode().name().toLowerCase() + " writes the '" + expected + "' index");
        }
    }

    /** routes.yml is wrong; the message names the route and the field. */
    public static final class InvalidRoutesException extends InvalidConfigurationException {
        public InvalidRoutesException(String entry, String problem) {
            super("routes.yml", entry, problem);
        }
    }
}
