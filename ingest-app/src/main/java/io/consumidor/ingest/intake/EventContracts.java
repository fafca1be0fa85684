package io.consumidor.ingest.intake;

import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;
import io.consumidor.core.payload.ReportedFacts;
import io.consumidor.core.wire.Feed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the intake accepts of externally produced events (schema version 1). Each type lists its payload
 * record's fields (names from the contract in {@code io.consumidor.core.payload}) with how they are checked;
 * a payload is checked field by field and rebuilt from the known fields only, so an unexpected field — a
 * cardholder name, say — can never ride along into Base B or C.
 */
final class EventContracts {

    private enum Kind { TEXT, CODE, AMOUNT, COUNT, DATE }

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
            EventType.CARD_PURCHASE.wireName(), new Contract(Feed.ACTIVITY, List.of(
                    Field.required(CardPurchase.AMOUNT, Kind.AMOUNT), Field.required(CardPurchase.CURRENCY, Kind.CODE),
                    Field.required(CardPurchase.MERCHANT_CATEGORY, Kind.CODE), Field.optional(CardPurchase.MERCHANT_NAME, Kind.TEXT),
                    Field.oneOf(CardPurchase.CHANNEL, names(CardPurchase.Channel.values())))),
            EventType.FINANCIAL_MOVEMENT.wireName(), new Contract(Feed.ACTIVITY, List.of(
                    Field.required(FinancialMovement.AMOUNT, Kind.AMOUNT), Field.required(FinancialMovement.CURRENCY, Kind.CODE),
                    Field.oneOf(FinancialMovement.DIRECTION, names(FinancialMovement.Direction.values())),
                    Field.oneOf(FinancialMovement.KIND, names(FinancialMovement.Kind.values())))),
            EventType.BUREAU_QUERY.wireName(), new Contract(Feed.ACTIVITY, List.of(
                    Field.required(BureauQuery.BUREAU, Kind.CODE), Field.required(BureauQuery.PURPOSE, Kind.TEXT))),
            EventType.CONSUMER_FACTS.wireName(), new Contract(Feed.PROFILE, List.of(
                    Field.optional(ReportedFacts.MONTHLY_INCOME, Kind.AMOUNT), Field.optional(ReportedFacts.INCOME_SOURCE_COUNT, Kind.COUNT),
                    Field.optional(ReportedFacts.REAL_ESTATE_COUNT, Kind.COUNT), Field.optional(ReportedFacts.VEHICLE_COUNT, Kind.COUNT),
                    Field.optional(ReportedFacts.AS_OF, Kind.DATE))));

    private static String[] names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

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
            case COUNT -> value.isIntegralNumber() && value.canConvertToInt() && value.asInt() >= 0 ? null
                    : "must be a whole number >= 0";
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
