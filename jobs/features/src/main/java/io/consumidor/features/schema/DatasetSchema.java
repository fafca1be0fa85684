package io.consumidor.features.schema;

import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns of a dataset (the Parquet schema is parquet-files' {@code ParquetColumns}), and their documentation as
 * footer metadata: key
 * {@value #COLUMNS_KEY} holds a JSON list of {name, type, nullable, meaning, source, window, role}, so a file explains
 * itself to whoever finds it without the README.
 */
public record DatasetSchema(String dataset, int version, List<Column> columns) {

    public static final String COLUMNS_KEY = "consumidor.columns";
    public static final String DATASET_KEY = "consumidor.dataset";
    public static final String VERSION_KEY = "consumidor.dataset.version";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public DatasetSchema {
        columns = List.copyOf(columns);
        if (columns.stream().map(Column::name).distinct().count() != columns.size()) {
            throw new IllegalArgumentException("dataset " + dataset + ": a column name is used twice");
        }
    }

    public int indexOf(String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("dataset " + dataset + " has no column " + name);
    }

    public Map<String, String> footer() {
        Map<String, String> footer = new LinkedHashMap<>();
        footer.put(DATASET_KEY, dataset);
        footer.put(VERSION_KEY, Integer.toString(version));
        footer.put(COLUMNS_KEY, JSON.writeValueAsString(columns.stream().map(c -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", c.name());
            doc.put("type", c.type().name());
            doc.put("nullable", c.nullable());
            doc.put("meaning", c.meaning());
            doc.put("source", c.source());
            doc.put("window", c.window());
            doc.put("role", c.role().name());
            return doc;
        }).toList()));
        return footer;
    }
}
