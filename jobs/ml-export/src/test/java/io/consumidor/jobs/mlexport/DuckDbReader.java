package io.consumidor.jobs.mlexport;

import io.consumidor.jobs.mlexport.store.DatasetStore;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A third-party reader of an exported run: downloads its Parquet files from S3 and reads them with DuckDB —
 * what a data scientist would do — returning rows as column → value, plus DuckDB's own view of the types.
 */
final class DuckDbReader implements AutoCloseable {

    private final Path directory;
    private final Connection duckdb;

    DuckDbReader(DatasetStore store, List<String> keys) throws IOException, SQLException {
        directory = Files.createTempDirectory("duckdb-read-");
        for (String key : keys) {
            Files.write(directory.resolve(key.substring(key.lastIndexOf('/') + 1)), store.get(key).orElseThrow());
        }
        duckdb = DriverManager.getConnection("jdbc:duckdb:");
    }

    String files() {
        return "read_parquet('" + directory + "/*.parquet')";
    }

    /** Every row, ordered by pseudonym, with DECIMAL as BigDecimal, DATE as LocalDate and TIMESTAMPTZ as Instant. */
    List<Map<String, Object>> rows() throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement statement = duckdb.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + files() + " ORDER BY pseudonym")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String type = rs.getMetaData().getColumnTypeName(i);
                    Object value = rs.getObject(i);
                    if (value != null && type.startsWith("DATE")) {
                        value = rs.getObject(i, LocalDate.class);
                    } else if (value != null && type.startsWith("TIMESTAMP")) {
                        value = rs.getObject(i, OffsetDateTime.class).toInstant();
                    } else if (value instanceof BigDecimal decimal) {
                        value = decimal.setScale(2);
                    }
                    row.put(rs.getMetaData().getColumnName(i), value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** DuckDB's type of each column ({@code DESCRIBE}). */
    Map<String, String> types() throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = duckdb.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + files())) {
            while (rs.next()) {
                types.put(rs.getString("column_name"), rs.getString("column_type"));
            }
        }
        return types;
    }

    Object scalar(String sql) throws SQLException {
        try (Statement statement = duckdb.createStatement(); ResultSet rs = statement.executeQuery(sql.replace("$files", files()))) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Override
    public void close() throws Exception {
        duckdb.close();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }
}
