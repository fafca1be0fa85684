package io.consumidor.stack;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The apps in docker-compose.yml, checked by reading the files (no Docker engine runs here): every module with a
 * Spring Boot {@code main} has a service built from its own Dockerfile; each Dockerfile starts from a JRE image,
 * copies the jar its module's build produces, runs as a user that is not root and (for the long-running ones)
 * has a health check; each service's environment, with its Dockerfile's, covers every connection variable its
 * configuration reads (the names {@code stack.env} provides) and every variable it reads without a default, and
 * points at the compose services, never at the container's own loopback.
 */
class ComposeAppsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:?)");
    private static final Pattern GETENV = Pattern.compile("System\\.getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
    private static final Pattern IMPORT = Pattern.compile("classpath:([\\w.-]+\\.ya?ml)");

    private static Path home;
    private static Map<String, Object> services;
    private static List<String> apps;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        home = ProjectHome.locate();
        try (Reader reader = Files.newBufferedReader(home.resolve("docker-compose.yml"))) {
            services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(reader)).get("services");
        }
        apps = new ArrayList<>();
        // Apps sit at the top (ingest-app, …) or one level down (jobs/job-host); a service is named for its folder.
        try (Stream<Path> modules = Files.walk(home, 2)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java")) && !m.startsWith(home.resolve("platform")))
                    .sorted().toList()) {
                if (contains(module.resolve("src/main/java"), "@SpringBootApplication")) {
                    apps.add(home.relativize(module).toString());
                }
            }
        }
    }

    @Test
    void theAppsAreFound() {
        assertThat(apps).containsExactlyInAnyOrder("ingest-app", "query-api", "stream-router", "schedules", "jobs/job-host");
    }

    @Test
    void everyAppHasAServiceBuiltFromItsOwnDockerfile() {
        for (String app : apps) {
            Map<String, Object> service = service(app);
            assertThat(String.valueOf(service.get("build"))).as(app + ": build").isEqualTo("./" + app);
            assertThat(home.resolve(app).resolve("Dockerfile")).as(app + ": Dockerfile").isRegularFile();
        }
    }

    @Test
    void everyDockerfileCopiesTheJarItsBuildProducesOntoAJreAsAUserThatIsNotRoot() throws IOException {
        for (String app : apps) {
            String dockerfile = Files.readString(home.resolve(app).resolve("Dockerfile"));
            String pom = Files.readString(home.resolve(app).resolve("pom.xml"));
            Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
            assertThat(finalName.find()).as(app + ": the pom names its jar").isTrue();
            assertThat(pom).as(app + ": an executable jar").contains("spring-boot-maven-plugin");
            assertThat(dockerfile).as(app).containsPattern("(?m)^FROM \\S+-jre\\S*$")
                    .contains("COPY target/" + finalName.group(1) + ".jar ");
            Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(dockerfile);
            assertThat(user.find()).as(app + ": USER").isTrue();
            assertThat(user.group(1)).as(app + ": USER").isNotIn("root", "0");
            assertThat(Files.readString(home.resolve(app).resolve(".dockerignore"))).as(app + ": a small build context")
                    .contains("!target/" + finalName.group(1) + ".jar");
            if (!oneShot(app)) {
                assertThat(dockerfile).as(app + ": a health check on readiness").containsPattern("(?m)^HEALTHCHECK ");
            }
        }
    }

    @Test
    void everyServiceProvidesWhatItsConfigurationReads() throws IOException {
        Set<String> connections = StackEnvFile.entries(StackSettings.from(Path.of("/tmp/unused"), Map.of())).keySet();
        for (String app : apps) {
            Map<String, Boolean> read = variablesRead(app); // name -> has a default
            Set<String> provided = new TreeSet<>(environment(app).keySet());
            provided.addAll(dockerfileEnv(app));
            Set<String> required = new TreeSet<>();
            read.forEach((name, defaulted) -> {
                if (!defaulted || connections.contains(name)) {
                    required.add(name);
                }
            });
            // What the embedded stack alone sets for its own processes, or the shell's, and no app must rely on here.
            // The development switch is the embedded stack's alone: compose must never set it (below).
            required.removeAll(Set.of("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD", "AWS_DEFAULT_REGION", "CONSUMIDOR_DEV_MODE"));
            if (app.equals("ingest-app")) {
                // stack.env gives it for development mode's migrate-on-start; under compose only ingest-migrate holds it (below).
                required.remove("BASE_A_OWNER_PASSWORD");
            }
            assertThat(read).as(app + " reads configuration").isNotEmpty();
            assertThat(provided).as(app + ": its service's environment").containsAll(required);
        }
    }

    @Test
    void noServiceRunsInDevelopmentModeAndEachGetsItsSecretsFromTheEnvFile() throws IOException {
        for (String app : apps) {
            assertThat(environment(app)).as(app + ": development mode makes up keys").doesNotContainKey("CONSUMIDOR_DEV_MODE");
            assertThat(String.join("\n", dockerfileEnv(app))).as(app + ": Dockerfile").doesNotContain("CONSUMIDOR_DEV_MODE");
        }
        assertThat(environment("ingest-app")).containsKeys("BASE_A_ENCRYPTION_KEYSET", "BASE_A_LOOKUP_KEYSET", "BASE_A_SUBJECT_KEY",
                "BASE_A_QUEUE_KEYSET", "BASE_A_APP_PASSWORD").doesNotContainKey("BASE_A_OWNER_PASSWORD");
        assertThat(environment("ingest-app").get("POSTGRES_PASSWORD")).as("the serving app holds no administrator password").isEmpty();
        assertThat(environment("ingest-migrate")).as("the migration step alone holds the owner's password").containsKey("BASE_A_OWNER_PASSWORD");
        assertThat(String.valueOf(service("ingest-migrate").get("command"))).contains("--migrate");
        assertThat(environment("query-api")).containsKey("BASE_A_SUBJECT_KEY").doesNotContainKeys("BASE_A_ENCRYPTION_KEYSET", "BASE_A_APP_PASSWORD");
        assertThat(environment("schedules")).containsKeys("ML_KEY_TRAIN", "ML_KEY_SCORE").doesNotContainKey("BASE_A_SUBJECT_KEY");
        assertThat(String.valueOf(environment("ingest-app").get("BASE_A_ENCRYPTION_KEYSET"))).as("required, never defaulted")
                .isEqualTo("${BASE_A_ENCRYPTION_KEYSET:?run ./pipeline keys > .env first}");
    }

    @Test
    void noServiceEnvironmentPointsAtTheContainersOwnLoopback() {
        for (String app : apps) {
            environment(app).forEach((name, value) -> assertThat(value).as(app + " " + name)
                    .doesNotContain("127.0.0.1").doesNotContain("localhost"));
        }
    }

    /** Placeholders in the app's YAML (and the YAML it imports from the classpath) and {@code System.getenv} names in its code. */
    private static Map<String, Boolean> variablesRead(String app) throws IOException {
        Map<String, Boolean> read = new HashMap<>();
        List<Path> files = new ArrayList<>(yaml(home.resolve(app).resolve("src/main/resources")));
        for (int i = 0; i < files.size(); i++) {
            Matcher imports = IMPORT.matcher(Files.readString(files.get(i)));
            while (imports.find()) {
                Path imported = find(imports.group(1));
                if (!files.contains(imported)) {
                    files.add(imported);
                }
            }
        }
        for (Path file : files) {
            Matcher m = PLACEHOLDER.matcher(Files.readString(file));
            while (m.find()) {
                read.merge(m.group(1), !m.group(2).isEmpty(), Boolean::logicalAnd);
            }
        }
        try (Stream<Path> sources = Files.walk(home.resolve(app).resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = GETENV.matcher(Files.readString(source));
                while (m.find()) {
                    read.putIfAbsent(m.group(1), true); // read in code: optional unless the code says otherwise
                }
            }
        }
        return read;
    }

    private static List<Path> yaml(Path resources) throws IOException {
        try (Stream<Path> files = Files.list(resources)) {
            return files.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    /** A classpath YAML file of any module of the project. */
    private static Path find(String name) throws IOException {
        try (Stream<Path> files = Files.walk(home, 6)) {
            return files.filter(p -> p.getFileName().toString().equals(name) && p.toString().contains("src/main/resources")
                    && !p.toString().contains("/target/")).findFirst().orElseThrow(() -> new AssertionError("imported " + name + " not found"));
        }
    }

    private static Set<String> dockerfileEnv(String app) throws IOException {
        Set<String> names = new TreeSet<>();
        String dockerfile = Files.readString(home.resolve(app).resolve("Dockerfile"));
        Matcher env = Pattern.compile("(?ms)^ENV (.*?)(?<!\\\\)$").matcher(dockerfile);
        while (env.find()) {
            Matcher name = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)=").matcher(env.group(1));
            while (name.find()) {
                names.add(name.group(1));
            }
        }
        return names;
    }

    private static boolean oneShot(String app) {
        Object profiles = service(app).get("profiles");
        return profiles instanceof List<?> list && list.contains("jobs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String app) {
        String name = Path.of(app).getFileName().toString();
        assertThat(services).as("services in docker-compose.yml").containsKey(name);
        return (Map<String, Object>) services.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String app) {
        Map<String, String> environment = new HashMap<>();
        Object declared = service(app).get("environment");
        if (declared instanceof Map<?, ?> map) {
            map.forEach((k, v) -> environment.put(String.valueOf(k), String.valueOf(v)));
        }
        return environment;
    }

    private static boolean contains(Path sources, String text) {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
