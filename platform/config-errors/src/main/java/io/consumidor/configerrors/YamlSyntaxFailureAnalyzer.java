package io.consumidor.configerrors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A configuration file that is not even YAML: which file, the line and column, and what the parser expected.
 * SnakeYAML's error names no file, and it is thrown while Spring is still reading the files, before any of their
 * properties are in the environment. So the analyzer walks the same files again — the application's own
 * {@code application.yml} and every {@code spring.config.import} they name, and theirs in turn, placeholders resolved (a
 * {@code ${ROUTES_FILE:classpath:routes.yml}} points wherever the deployment pointed it) — and names the first that
 * fails to parse.
 */
public class YamlSyntaxFailureAnalyzer extends AbstractFailureAnalyzer<MarkedYAMLException> {

    private static final List<String> APPLICATION_FILES = List.of("classpath:application.yml", "classpath:config/application.yml",
            "file:./application.yml", "file:./config/application.yml");

    private final Environment environment;
    private final DefaultResourceLoader loader = new DefaultResourceLoader();

    public YamlSyntaxFailureAnalyzer(Environment environment) {
        // A YAML error stops start-up before the application context exists, and Spring then hands analyzers no
        // environment: resolve placeholders against what a deployment sets them with, the OS environment and
        // system properties.
        this.environment = environment != null ? environment : new StandardEnvironment();
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MarkedYAMLException cause) {
        Mark mark = cause.getProblemMark();
        String where = mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
        String file = brokenFile().orElse("a configuration file (application.yml or a file it imports)");
        return new FailureAnalysis("A configuration file is not valid YAML: " + file + where + ": " + cause.getProblem(),
                "Correct the file's YAML and start again.", cause);
    }

    private Optional<String> brokenFile() {
        Set<String> imports = new LinkedHashSet<>(importsIn(environment.getProperty("spring.config.import")));
        for (String location : APPLICATION_FILES) {
            Resource resource = loader.getResource(location);
            if (!resource.exists()) {
                continue;
            }
            try {
                for (Object document : parse(resource)) {
                    if (document instanceof Map<?, ?> map) {
                        imports.addAll(importsIn(map));
                    }
                }
            } catch (MarkedYAMLException broken) {
                return Optional.of(location.replaceFirst("^classpath:", ""));
            } catch (Exception unreadable) {
                // not this one
            }
        }
        // Imports are followed as Spring follows them: a file imported by an imported file is read too.
        java.util.Deque<String> pending = new java.util.ArrayDeque<>(imports);
        Set<String> seen = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String location = pending.poll();
            if (!seen.add(location)) {
                continue;
            }
            try {
                for (Object document : parse(loader.getResource(location))) {
                    if (document instanceof Map<?, ?> map) {
                        pending.addAll(importsIn(map));
                    }
                }
            } catch (MarkedYAMLException broken) {
                return Optional.of(location.replaceFirst("^file:", "").replaceFirst("^classpath:", ""));
            } catch (Exception unreadable) {
                // not this one (absent optional import, or a non-YAML one)
            }
        }
        return Optional.empty();
    }

    private static List<Object> parse(Resource resource) throws Exception {
        try (InputStream in = resource.getInputStream()) {
            List<Object> documents = new ArrayList<>();
            new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in).forEach(documents::add);
            return documents;
        }
    }

    /** {@code spring.config.import} of one parsed document, nested ({@code spring: config: import:}) or dotted. */
    private List<String> importsIn(Map<?, ?> document) {
        Object value = document.get("spring.config.import");
        if (value == null && document.get("spring") instanceof Map<?, ?> spring) {
            value = spring.get("config.import");
            if (value == null && spring.get("config") instanceof Map<?, ?> config) {
                value = config.get("import");
            }
        }
        if (value instanceof List<?> list) {
            List<String> all = new ArrayList<>();
            list.forEach(item -> all.addAll(importsIn(String.valueOf(item))));
            return all;
        }
        return importsIn(value == null ? null : String.valueOf(value));
    }

    private List<String> importsIn(String configured) {
        List<String> imports = new ArrayList<>();
        if (configured == null) {
            return imports;
        }
        String resolved = environment.resolvePlaceholders(configured);
        for (String location : resolved.split(",")) {
            if (!location.isBlank()) {
                imports.add(location.strip().replaceFirst("^optional:", ""));
            }
        }
        return imports;
    }
}
