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
 * {@code {$and: [{_id: v}, {$or: [{seq: {$exists: false}}, {seq: {$lt: 7}}]}]}} scanned every document of
 * the collection — O(n) per write, where real MongoDB does an index lookup. Here a query that pins
 * {@code _id} to one value (top level or inside a top-level {@code $and}) first narrows to that document
 * through the index, then the full query is matched against it exactly as before: same results, index
 * speed. Without this, local benchmarks of guarded upserts measured the test server, not the code.
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
            Object id = query.keySet().equals(Set.of("_id")) ? null : pinnedId(query);
            if (id != null) {
                Document byId = new Document("_id", id);
                for (Index<Integer> index : getIndexes()) {
                    if (index.canHandle(byId)) {
                        return matchDocuments(query, index.getPositions(byId), orderBy, skip, limit, batchSize, fieldSelector);
                    }
                }
            }
            return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
        }

        /** The single value {@code _id} must equal for the query to match, or null when there is none. */
        static Object pinnedId(Document query) {
            Object id = query.get("_id");
            if (id != null && !(id instanceof Collection<?>) && !(id instanceof Document d && hasOperator(d))) {
                return id;
            }
            if (query.get("$and") instanceof List<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document document) {
                        Object pinned = pinnedId(document);
                        if (pinned != null) {
                            return pinned;
                        }
                    }
                }
            }
            return null;
        }

        private static boolean hasOperator(Document document) {
            return document.keySet().stream().anyMatch(key -> key.startsWith("$"));
        }
    }
}
