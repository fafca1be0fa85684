package io.consumidor.ingest.hostile;

import io.consumidor.testsupport.TestCpfs;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Valid request bodies generated from the API's own OpenAPI document (springdoc's {@code /v3/api-docs}):
 * objects with their required fields and some optional ones, enums from their values, strings, numbers,
 * dates and lists by their schema. Where the schema cannot say what valid means (a CPF inside a payload,
 * a CNPJ, a currency, a state), the field's name picks a generator of valid values — the breakages are then
 * applied on top ({@link Breakages}).
 */
final class OpenApiValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> STATES = List.of("SP", "RJ", "PE", "RN", "AM", "DF");
    private static final List<String> CNPJS = List.of("11222333000181", "11.222.333/0001-81", "11444777000161", "45997418000153");

    private final JsonNode components;

    OpenApiValues(JsonNode openApi) {
        this.components = openApi.path("components").path("schemas");
    }

    Arbitrary<JsonNode> valid(JsonNode schema, String name, int depth) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            return valid(components.path(ref.substring(ref.lastIndexOf('/') + 1)), name, depth);
        }
        Arbitrary<JsonNode> named = byName(name);
        if (named != null) {
            return named;
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.of(values);
        }
        String type = schema.path("type").asString("object");
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> depth > 3 ? Arbitraries.just(NODES.arrayNode())
                    : valid(schema.path("items"), name, depth + 1).list().ofMaxSize(3).map(items -> {
                        ArrayNode array = NODES.arrayNode();
                        items.forEach(array::add);
                        return (JsonNode) array;
                    });
            case "integer" -> Arbitraries.longs().between(0, 1000).map(NODES::numberNode);
            case "number" -> Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("99999")).ofScale(2).map(NODES::numberNode);
            case "boolean" -> Arbitraries.of(true, false).map(NODES::booleanNode);
            case "string" -> string(schema);
            default -> Arbitraries.just(NODES.nullNode());
        };
    }

    private Arbitrary<JsonNode> string(JsonNode schema) {
        String format = schema.path("format").asString("");
        if (format.equals("date")) {
            return Arbitraries.longs().between(0, 20_000).map(d -> NODES.stringNode(LocalDate.of(1960, 1, 1).plusDays(d).toString()));
        }
        if (format.equals("date-time")) {
            return Arbitraries.longs().between(0, 200).map(d -> NODES.stringNode(java.time.Instant.now().minus(java.time.Duration.ofDays(d)).toString()));
        }
        int max = Math.min(schema.path("maxLength").asInt(40), 40);
        return Arbitraries.strings().withCharRange('a', 'z').withChars(' ', 'ç', 'ã', 'é').ofMinLength(1).ofMaxLength(Math.max(1, max))
                .map(NODES::stringNode);
    }

    private Arbitrary<JsonNode> object(JsonNode schema, int depth) {
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
        for (String field : properties.propertyNames()) {
            Arbitrary<JsonNode> value = valid(properties.get(field), field, depth + 1);
            Arbitrary<Map.Entry<String, JsonNode>> entry = value.map(v -> Map.entry(field, v));
            // Optional fields are left out now and then; required ones always sent.
            fields.add(required.contains(field) ? entry : entry.injectNull(0.3));
        }
        if (fields.isEmpty()) {
            return Arbitraries.just(NODES.objectNode());
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode object = NODES.objectNode();
            entries.stream().filter(java.util.Objects::nonNull).forEach(e -> object.set(e.getKey(), e.getValue()));
            return (JsonNode) object;
        });
    }

    /** Fields whose validity the schema's types cannot express. */
    private static Arbitrary<JsonNode> byName(String name) {
        return switch (name == null ? "" : name) {
            case "cpf" -> Arbitraries.of(true, false).map(formatted -> NODES.stringNode(formatted ? TestCpfs.random().formatted()
                    : TestCpfs.random().digits()));
            case "creditorCnpj" -> Arbitraries.of(CNPJS).map(NODES::stringNode);
            case "currency" -> Arbitraries.of("BRL", "USD", "EUR").map(NODES::stringNode);
            case "state" -> Arbitraries.of(STATES).map(NODES::stringNode);
            case "postalCode" -> Arbitraries.strings().numeric().ofLength(8).map(NODES::stringNode);
            case "birthDate" -> Arbitraries.longs().between(0, 15_000).map(d -> NODES.stringNode(LocalDate.of(1940, 1, 1).plusDays(d).toString()));
            case "since" -> Arbitraries.longs().between(0, 5000).map(d -> NODES.stringNode(LocalDate.of(2010, 1, 1).plusDays(d).toString()));
            case "occurredAt" -> Arbitraries.longs().between(0, 100).map(d -> NODES.stringNode(java.time.Instant.now().minus(java.time.Duration.ofDays(d)).toString()));
            case "eventId" -> Arbitraries.create(() -> NODES.stringNode(java.util.UUID.randomUUID().toString()));
            case "schemaVersion" -> Arbitraries.just(NODES.numberNode(1));
            case "type" -> Arbitraries.of("card.purchase", "financial.movement", "bureau.query", "consumer.facts").map(NODES::stringNode);
            case "payload" -> Arbitraries.of(
                    "{\"amount\":12.50,\"currency\":\"BRL\",\"merchantCategory\":\"5411\",\"channel\":\"ONLINE\"}",
                    "{\"amount\":100,\"currency\":\"BRL\",\"direction\":\"IN\",\"kind\":\"PIX\"}",
                    "{\"bureau\":\"serasa\",\"purpose\":\"credit\"}",
                    "{\"monthlyIncome\":3000,\"vehicleCount\":1}").map(json -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(json));
            default -> null;
        };
    }
}
