package io.consumidor.ingest.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Ways to break a valid body, each named (the name shows in a shrunk counterexample): a field dropped, a
 * value of the wrong type, an extra field, a huge or boundary value, an invalid date, deep nesting, bytes
 * that are no UTF-8, a body over the size limit, a wrong content type — or nothing broken at all.
 */
final class Breakages {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A body as bytes with its content type, and what was done to it. */
    record Body(String breakage, byte[] bytes, String contentType) {
        @Override
        public String toString() {
            String text = new String(bytes, 0, Math.min(bytes.length, 300), StandardCharsets.UTF_8);
            return breakage + " [" + contentType + "] " + text + (bytes.length > 300 ? "… (" + bytes.length + " bytes)" : "");
        }
    }

    private static final List<String> KINDS = List.of("none", "none", "drop-field", "wrong-type", "extra-field", "huge-string",
            "boundary-number", "invalid-date", "deep-nesting", "invalid-utf8", "oversized", "wrong-content-type", "null-body",
            "empty-body", "not-json", "unusual-valid-cpf", "wrong-cpf-or-cnpj");

    static Arbitrary<Body> of(Arbitrary<JsonNode> valid) {
        return net.jqwik.api.Combinators.combine(valid, Arbitraries.of(KINDS), Arbitraries.longs()).as(Breakages::apply);
    }

    static Body apply(JsonNode valid, String kind, long seed) {
        Random random = new Random(seed);
        JsonNode body = valid.deepCopy();
        String type = "application/json";
        switch (kind) {
            case "drop-field" -> mutate(body, random, (parent, field) -> parent.remove(field));
            case "wrong-type" -> mutate(body, random, (parent, field) -> parent.set(field, wrongType(parent.get(field), random)));
            case "extra-field" -> { if (body instanceof ObjectNode object) { object.put("unexpected" + random.nextInt(100), "x"); } }
            case "huge-string" -> mutate(body, random, (parent, field) -> parent.put(field, "ä".repeat(50_000)));
            case "boundary-number" -> mutate(body, random, (parent, field) -> parent.set(field, boundary(random)));
            case "invalid-date" -> mutate(body, random, (parent, field) -> parent.put(field,
                    List.of("2026-13-45", "2026-02-30", "yesterday", "0000-00-00", "+999999999-12-31", "2026-1-1").get(random.nextInt(6))));
            case "deep-nesting" -> mutate(body, random, (parent, field) -> parent.set(field, nested(300)));
            case "unusual-valid-cpf", "wrong-cpf-or-cnpj" -> mutate(body, random, (parent, field) -> parent.put(field,
                    List.of(" 529.982.247-25 ", "52998224725", "529.982.247-24", "000.000.000-00", "11.222.333/0001-82",
                            "1122233300018", "５２９９８２２４７２５", "529982247-25").get(random.nextInt(8))));
            default -> { }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case "invalid-utf8" -> {
                byte[] broken = new byte[bytes.length + 3];
                System.arraycopy(bytes, 0, broken, 0, bytes.length / 2);
                broken[bytes.length / 2] = (byte) 0xC3;
                broken[bytes.length / 2 + 1] = (byte) 0x28;
                broken[bytes.length / 2 + 2] = (byte) 0xFF;
                System.arraycopy(bytes, bytes.length / 2, broken, bytes.length / 2 + 3, bytes.length - bytes.length / 2);
                bytes = broken;
            }
            case "oversized" -> bytes = ("{\"name\":\"" + "a".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            case "wrong-content-type" -> type = List.of("text/plain", "application/xml", "application/x-www-form-urlencoded").get(random.nextInt(3));
            case "null-body" -> bytes = "null".getBytes(StandardCharsets.UTF_8);
            case "empty-body" -> bytes = new byte[0];
            case "not-json" -> bytes = "{\"name\": \"Ana\", ".getBytes(StandardCharsets.UTF_8);
            default -> { }
        }
        return new Body(kind, bytes, type);
    }

    private interface FieldChange {
        void apply(ObjectNode parent, String field);
    }

    /** Applies the change to a random field of a random object somewhere in the body. */
    private static void mutate(JsonNode body, Random random, FieldChange change) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(body, objects);
        objects.removeIf(o -> o.isEmpty());
        if (objects.isEmpty()) {
            return;
        }
        ObjectNode parent = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>(parent.propertyNames());
        change.apply(parent, fields.get(random.nextInt(fields.size())));
    }

    private static void collect(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
            object.values().forEach(child -> collect(child, objects));
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(child -> collect(child, objects));
        }
    }

    private static JsonNode wrongType(JsonNode value, Random random) {
        if (value != null && value.isString()) {
            return random.nextBoolean() ? NODES.numberNode(42) : NODES.arrayNode().add("x");
        }
        if (value != null && (value.isObject() || value.isArray())) {
            return NODES.stringNode("not a structure");
        }
        return random.nextBoolean() ? NODES.stringNode("forty-two") : NODES.objectNode().put("a", 1);
    }

    private static JsonNode boundary(Random random) {
        return List.<JsonNode>of(NODES.numberNode(-1), NODES.numberNode(0), NODES.numberNode(new java.math.BigDecimal("1e308")),
                NODES.numberNode(new java.math.BigDecimal("0.001")), NODES.numberNode(Long.MAX_VALUE),
                NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new java.math.BigDecimal("-0.00")), NODES.numberNode(1e-300)).get(random.nextInt(8));
    }

    private static JsonNode nested(int depth) {
        JsonNode node = NODES.stringNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("n", node);
        }
        return node;
    }
}
