package io.consumidor.ingest.intake;

import io.consumidor.ingest.outbox.Feed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The contracts of externally produced events (schema version 1). Each type lists its fields; a payload is
 * checked field by field and rebuilt from the known fields only, so an unexpected field — a cardholder
 * name, say — can never ride along into Base B or C.
 */
final class EventContracts {

    private enum Kind { TEXT, CODE, AMOUNT, DATE }

    private record Field(String name, Kind kind, boolean required, Set<String> allowed) {
        static Field required(String name, Kind kind) {
            return new Field(name, kind, true, Set.of());
        }

        static Field optional(String name, Kind kind) {
            return new Field(name, kind, false, Set.of());
        }

        static Field oneOf(String name, String... values) {
            return new Field(name, Kind.CODE, true, Set.of(values));
        }
    }

    record Contract(Feed feed, List<Field> fields) {
    }

    private static final Map<String, Contract> CONTRACTS = Map.of(
            "card.purchase", new Contract(Feed.ACTIVITY, List.of(
                    Field.required("amount", Kind.AMOUNT), Field.required("currency", Kind.CODE),
                    Field.required("merchantCategory", Kind.CODE), Field.optional("merchantName", Kind.TEXT),
                    Field.oneOf("channel", "IN_PERSON", "ONLINE", "CONTACTLESS"))),
            "financial.movement", new Contract(Feed.ACTIVITY, List.of(
                    Field.required("amount", Kind.AMOUNT), Field.required("currency", Kind.CODE),
                    Field.oneOf("direction", "IN", "OUT"),
                    Field.oneOf("kind", "PIX", "TED", "BOLETO", "CARD", "DEBIT", "OTHER"))),
            "bureau.query", new Contract(Feed.ACTIVITY, List.of(
                    Field.required("bureau", Kind.CODE), Field.required("purpose", Kind.TEXT))),
            "consumer.facts", new Contract(Feed.PROFILE, List.of(
                    Field.optional("monthlyIncome", Kind.AMOUNT), Field.optional("incomeSourceCount", Kind.AMOUNT),
                    Field.optional("realEstateCount", Kind.AMOUNT), Field.optional("vehicleCount", Kind.AMOUNT),
                    Field.optional("asOf", Kind.DATE))));

    private EventContracts() {
    }

    static Contract contract(String type) {
        return CONTRACTS.get(type);
    }

    static Set<String> types() {
        return CONTRACTS.keySet();
    }

    /** The payload rebuilt from known fields; problems are added to {@code errors}. */
    static ObjectNode clean(Contract contract, JsonNode payload, JsonMapper json, List<String> errors) {
        ObjectNode clean = json.createObjectNode();
        if (payload == null || !payload.isObject()) {
            errors.add("payload: must be a JSON object");
            return clean;
        }
        for (Field field : contract.fields()) {
            JsonNode value = payload.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    errors.add("payload." + field.name() + ": is required");
                }
                continue;
            }
            String problem = check(field, value);
            if (problem != null) {
                errors.add("payload." + field.name() + ": " + problem);
            } else {
                clean.set(field.name(), value);
            }
        }
        return clean;
    }

    private static String check(Field field, JsonNode value) {
        return switch (field.kind()) {
            case TEXT -> value.isString() && value.asString().length() <= 200 ? null : "must be text of at most 200 characters";
            case CODE -> {
                if (!value.isString() || !value.asString().matches("[A-Za-z0-9_.-]{1,40}")) {
                    yield "must be a short code";
                }
                yield field.allowed().isEmpty() || field.allowed().contains(value.asString()) ? null
                        : "must be one of " + field.allowed();
            }
            case AMOUNT -> value.isNumber() && value.decimalValue().compareTo(BigDecimal.ZERO) >= 0
                    && value.decimalValue().scale() <= 2 ? null : "must be a number >= 0 with at most 2 decimals";
            case DATE -> parses(() -> LocalDate.parse(value.asString())) ? null : "must be an ISO-8601 date";
        };
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
