package io.consumidor.router.routes;

import io.consumidor.core.event.EventEnvelope;
import io.consumidor.router.routes.RouteDefinitions.Destination;
import io.consumidor.router.routes.RouteDefinitions.Route;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The validated routes, and which destinations an event goes to. */
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
                throw new InvalidRoutesException("routes.yml: route name '" + route.name() + "' is used twice");
            }
            for (int i = 0; i < route.destinations().size(); i++) {
                Destination d = route.destinations().get(i);
                String where = "routes.yml: route '" + route.name() + "', destination " + (i + 1) + " (" + d.label() + "): ";
                if (!d.mode().appliesTo(d.sink())) {
                    throw new InvalidRoutesException(where + "mode " + d.mode().name().toLowerCase() + " does not apply to sink "
                            + d.sink().name().toLowerCase());
                }
                if (d.mode() == WriteMode.MERGE && (d.group() == null || d.group().isBlank())) {
                    throw new InvalidRoutesException(where + "mode merge needs a group (the profile sub-document to write)");
                }
                if (d.mode() != WriteMode.MERGE && (d.group() != null || !d.fields().isEmpty())) {
                    throw new InvalidRoutesException(where + "group and fields apply to mode merge only");
                }
                String withoutDate = d.target().replace("{yyyy.MM}", "").replace("{yyyy}", "");
                if (withoutDate.contains("{") || withoutDate.contains("}")) {
                    throw new InvalidRoutesException(where + "target '" + d.target() + "' has an unknown placeholder"
                            + " (only {yyyy.MM} and {yyyy} are known)");
                }
            }
        }
    }

    /** routes.yml is wrong; the message names the route and the field. */
    public static final class InvalidRoutesException extends IllegalStateException {
        public InvalidRoutesException(String message) {
            super(message);
        }
    }
}
