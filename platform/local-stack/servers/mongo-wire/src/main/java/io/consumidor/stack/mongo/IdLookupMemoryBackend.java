package io.consumidor.stack.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * mongo-java-server's in-memory backend, with one gap closed: it uses the {@code _id} index only for a
 * query that is exactly {@code {_id: v}}, so a guarded write such as
 * {@code {$and: [{_id: v}, {$or: [{seq: {$exists: false}}, {seq: {$lt: 7}}]}]}}, or a lookup of a page of
 * subjects {@code {_id: {$in: [...]}}}, scanned every document of the collection — O(n) per call, where real
 * MongoDB does index lookups. Here a query that pins {@code _id} to one value or a list of values (top level
 * or inside a top-level {@code $and}) first narrows to those documents through the index, then the full
 * query is matched against them exactly as before: same results, index speed. Without this, local
 * benchmarks of guarded upserts and chunk lookups measured the test server, not the code.
 */
final class IdLookupMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {

        Database(String name, CursorRegistry cursors) {
            super(name, cursors);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection_(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class Collection_ extends MemoryCollection {

        Collection_(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursors) {
            super(database, name, options, cursors);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
                                             Document fieldSelector) {
            List<?> ids = query.keySet().equals(Set.of("_id")) && !(query.get("_id") instanceof Document) ? null : pinnedIds(query);
            if (ids != null) {
                for (Index<Integer> index : getIndexes()) {
                    if (index.canHandle(new Document("_id", ids.isEmpty() ? "" : ids.get(0)))) {
                        java.util.Set<Integer> positions = new java.util.LinkedHashSet<>();
                        for (Object id : ids) {
                            index.getPositions(new Document("_id", id)).forEach(positions::add);
                        }
                        // The documents found by _id satisfy the _id condition by construction; matching it again
                        // against an $in list of hundreds of ids cost ~20 ms per query of 500 (a linear scan each).
                        return matchDocuments(withoutIdCondition(query), positions, orderBy, skip, limit, batchSize, fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /**
         * The query without the condition {@link #pinnedIds} took its ids from — its top-level {@code _id}, or the
         * first term of a top-level {@code $and} that pins them, when that term is {@code _id} alone. Every other
         * condition stays, so matching the narrowed documents against the rest gives the same result.
         */
        static Document withoutIdCondition(Document query) {
            Document rest = new Document(query);
            if (topLevelIds(query) != null) {
                rest.remove("_id");
                return rest;
            }
            if (rest.get("$and") instanceof List<?> terms) {
                for (int i = 0; i < terms.size(); i++) {
                    if (terms.get(i) instanceof Document term && pinnedIds(term) != null) {
                        if (term.keySet().equals(Set.of("_id"))) {
                            List<Object> kept = new java.util.ArrayList<>(terms);
                            kept.remove(i);
                            if (kept.isEmpty()) {
                                rest.remove("$and");
                            } else {
                                rest.put("$and", kept);
                            }
                        }
                        break;
                    }
                }
            }
            return rest;
        }

        /** The values one of which {@code _id} must equal for the query to match, or null when it is not pinned. */
        static List<?> pinnedIds(Document query) {
            List<?> ids = topLevelIds(query);
            if (ids != null) {
                return ids;
            }
            if (query.get("$and") instanceof List<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document document) {
                        List<?> pinned = pinnedIds(document);
                        if (pinned != null) {
                            return pinned;
                        }
                    }
                }
            }
            return null;
        }

        /** The ids this document's own {@code _id} condition pins ({@code _id: v} or {@code _id: {$in: [...]}}), or null. */
        private static List<?> topLevelIds(Document query) {
            Object id = query.get("_id");
            if (id != null && !(id instanceof Collection<?>) && !(id instanceof Document d && hasOperator(d))) {
                return List.of(id);
            }
            if (id instanceof Document d && d.keySet().equals(Set.of("$in")) && d.get("$in") instanceof Collection<?> values
                    && values.stream().noneMatch(v -> v == null || v instanceof Document || v instanceof Collection<?>
                    || v instanceof java.util.regex.Pattern)) {
                return List.copyOf(values);
            }
            return null;
        }

        private static boolean hasOperator(Document document) {
            return document.keySet().stream().anyMatch(key -> key.startsWith("$"));
        }
    }
}
