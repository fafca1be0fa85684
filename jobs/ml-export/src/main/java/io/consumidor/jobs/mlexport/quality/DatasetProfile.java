package io.consumidor.jobs.mlexport.quality;

import io.consumidor.features.schema.Column;
import io.consumidor.features.schema.DatasetSchema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The profile of every column but the key, as a partition builds it and the commit merges it. */
public final class DatasetProfile {

    private final List<String> names = new ArrayList<>();
    private final List<ColumnProfile> columns = new ArrayList<>();

    public DatasetProfile(DatasetSchema schema) {
        for (Column column : schema.columns().subList(1, schema.columns().size())) {
            names.add(column.name());
            columns.add(new ColumnProfile());
        }
    }

    private DatasetProfile() {
    }

    public void add(Object[] row) {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).add(row[i + 1]);
        }
    }

    public void merge(DatasetProfile other) {
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).merge(other.columns.get(i));
        }
    }

    public Map<String, ColumnProfile> columns() {
        Map<String, ColumnProfile> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), columns.get(i));
        }
        return map;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        columns().forEach((name, column) -> map.put(name, column.toMap()));
        return map;
    }

    @SuppressWarnings("unchecked")
    public static DatasetProfile fromMap(Map<String, Object> map) {
        DatasetProfile profile = new DatasetProfile();
        map.forEach((name, column) -> {
            profile.names.add(name);
            profile.columns.add(ColumnProfile.fromMap((Map<String, Object>) column));
        });
        return profile;
    }
}
