package io.consumidor.jobs.mlexport.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code version a manifest names: the build's version and, when the build ran in a git checkout, its commit
 * ({@code ml-exports-version.properties}, filtered by Maven), overridable with {@code CONSUMIDOR_CODE_VERSION}.
 */
final class CodeVersion {

    private CodeVersion() {
    }

    static String get() {
        String override = System.getenv("CONSUMIDOR_CODE_VERSION");
        if (override != null && !override.isBlank()) {
            return override;
        }
        try (InputStream in = CodeVersion.class.getResourceAsStream("/ml-exports-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
