package io.consumidor.testsupport;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Broken versions of a shipped YAML configuration file, for generated-input tests of what start-up says about
 * them: one node somewhere under a root is deleted, given a value of the wrong type or an unknown word, an
 * emptied list, a duplicated list entry — or the text is broken so it is no YAML at all. Each comes with what
 * was done, so a shrunk counterexample reads as a sentence.
 */
public final class YamlBreakages {

    /** A broken document and what was broken. */
    public record Broken(String breakage, String yaml) {
        @Override
        public String toString() {
            return breakage;
        }
    }

    private static final List<String> KINDS = List.of("delete", "wrong-type", "unknown-word", "empty-list", "duplicate-entry",
            "negative-number", "not-yaml");

    private YamlBreakages() {
    }

    /** Breakages of {@code shipped} below the node at {@code root} (dotted keys, e.g. {@code consumidor.router.routes}). */
    public static Arbitrary<Broken> of(String shipped, String root) {
        return Combinators.combine(Arbitraries.of(KINDS), Arbitraries.longs()).as((kind, seed) -> apply(shipped, root, kind, seed));
    }

    @SuppressWarnings("unchecked")
    static Broken apply(String shipped, String root, String kind, long seed) {
        Random random = new Random(seed);
        if (kind.equals("not-yaml")) {
            List<String> lines = new ArrayList<>(List.of(shipped.split("\n")));
            int at = lines.size() / 2 + random.nextInt(Math.max(1, lines.size() / 2));
            lines.add(Math.min(at, lines.size()), List.of("  - { unclosed: [1, 2", "\tkey: tab-indented", "]]: ::", "key: value: other").get(random.nextInt(4)));
            return new Broken("not YAML at line " + (at + 1), String.join("\n", lines));
        }
        Object tree = new Yaml().load(shipped);
        Object node = tree;
        for (String key : root.split("\\.")) {
            node = ((Map<String, Object>) node).get(key);
        }
        List<Object[]> places = new ArrayList<>(); // {container, key or index, path}
        collect(node, root, places);
        Object[] place = places.get(random.nextInt(places.size()));
        String path = (String) place[2];
        Object container = place[0];
        Object value = get(container, place[1]);
        String done;
        switch (kind) {
            case "delete" -> {
                remove(container, place[1]);
                done = "deleted " + path;
            }
            case "wrong-type" -> {
                Object wrong = value instanceof String ? (Object) List.of("x") : value instanceof List<?> ? "not-a-list" : value instanceof Map<?, ?> ? 42 : Map.of("a", 1);
                set(container, place[1], wrong);
                done = path + " given a value of the wrong type";
            }
            case "unknown-word" -> {
                set(container, place[1], "bogus-" + random.nextInt(100));
                done = path + " set to an unknown word";
            }
            case "empty-list" -> {
                set(container, place[1], new ArrayList<>());
                done = path + " emptied";
            }
            case "negative-number" -> {
                set(container, place[1], -1 - random.nextInt(1000));
                done = path + " set to a negative number";
            }
            default -> {
                if (container instanceof List<?> list && value instanceof Map<?, ?> map) {
                    ((List<Object>) list).add(new LinkedHashMap<>(map));
                    done = path + " duplicated";
                } else {
                    set(container, place[1], "");
                    done = path + " blanked";
                }
            }
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Broken(done, new Yaml(options).dump(tree));
    }

    @SuppressWarnings("unchecked")
    private static void collect(Object node, String path, List<Object[]> places) {
        if (node instanceof Map<?, ?> map) {
            for (Object key : new ArrayList<>(map.keySet())) {
                places.add(new Object[]{map, key, path + "." + key});
                collect(map.get(key), path + "." + key, places);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                places.add(new Object[]{list, i, path + "[" + i + "]"});
                collect(list.get(i), path + "[" + i + "]", places);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object get(Object container, Object key) {
        return container instanceof Map<?, ?> map ? map.get(key) : ((List<Object>) container).get((Integer) key);
    }

    @SuppressWarnings("unchecked")
    private static void set(Object container, Object key, Object value) {
        if (container instanceof Map<?, ?> map) {
            ((Map<Object, Object>) map).put(key, value);
        } else {
            ((List<Object>) container).set((Integer) key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void remove(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            map.remove(key);
        } else {
            ((List<Object>) container).remove((int) (Integer) key);
        }
    }
}
