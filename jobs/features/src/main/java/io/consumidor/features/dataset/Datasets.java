package io.consumidor.features.dataset;

import io.consumidor.configerrors.InvalidConfigurationException;
import io.consumidor.configerrors.RegionZones;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The datasets of {@code datasets.yml}, checked at start-up: every feature name is in the catalog, windows are
 * not repeated, the zone is a region (never a fixed offset: a snapshot's day must follow the region's daylight
 * saving rules), the label kind is known, the pseudonym key exists. Errors name the dataset and the field.
 */
public final class Datasets {

    static final String FILE = "datasets.yml";

    private final Map<String, Dataset> byName = new LinkedHashMap<>();

    public Datasets(DatasetsProperties properties, Set<String> keyIds) {
        for (DatasetsProperties.Definition definition : properties.datasets()) {
            Dataset dataset = resolve(definition, keyIds);
            if (byName.putIfAbsent(dataset.name(), dataset) != null) {
                throw new InvalidConfigurationException(FILE, "dataset '" + dataset.name() + "'", "name: defined twice");
            }
        }
    }

    /**
     * The definitions shipped in this module's {@code datasets.yml}, bound and checked as the job does (for tools
     * that plan exports without running one: the demo picks its training snapshot from them).
     */
    public static Datasets shipped() {
        org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
        try {
            new org.springframework.boot.env.YamlPropertySourceLoader()
                    .load(FILE, new org.springframework.core.io.ClassPathResource(FILE, Datasets.class.getClassLoader()))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DatasetsProperties properties = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("consumidor.ml-export", DatasetsProperties.class).get();
        return new Datasets(properties, properties.datasets().stream().map(DatasetsProperties.Definition::pseudonymKeyId)
                .collect(java.util.stream.Collectors.toSet()));
    }

    public Optional<Dataset> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<Dataset> all() {
        return List.copyOf(byName.values());
    }

    private static Dataset resolve(DatasetsProperties.Definition d, Set<String> keyIds) {
        String entry = "dataset '" + d.name() + "'";
        ZoneId zone = RegionZones.parse(FILE, entry, "zone", d.zone());
        if (!keyIds.contains(d.pseudonymKeyId())) {
            throw new InvalidConfigurationException(FILE, entry, "pseudonym-key-id: no key '" + d.pseudonymKeyId()
                    + "' in consumidor.pseudonym-keys.keys (known: " + keyIds + ")");
        }
        List<ProfileFeature> profile = features(entry, "features.profile", d.features().profile(), ProfileFeature.values(), ProfileFeature::column);
        List<RatingFeature> rating = features(entry, "features.rating", d.features().rating(), RatingFeature.values(),
                r -> r.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        DatasetsProperties.Features f = d.features();
        distinct(entry, "features.activity-windows-days", f.activityWindowsDays());
        distinct(entry, "features.bureau-query-windows-days", f.bureauQueryWindowsDays());
        if (new HashSet<>(f.bureauQueryPurposes()).size() != f.bureauQueryPurposes().size()) {
            throw new InvalidConfigurationException(FILE, entry, "features.bureau-query-purposes: a purpose is listed twice");
        }
        if (!f.bureauQueryPurposes().isEmpty() && f.bureauQueryWindowsDays().isEmpty()) {
            throw new InvalidConfigurationException(FILE, entry, "features.bureau-query-purposes: needs bureau-query-windows-days");
        }
        Dataset.CreditHistoryWindows history = null;
        if (f.creditHistory() != null) {
            DatasetsProperties.CreditHistory h = f.creditHistory();
            distinct(entry, "features.credit-history.past-due-days", h.pastDueDays());
            distinct(entry, "features.credit-history.past-due-months", h.pastDueMonths());
            distinct(entry, "features.credit-history.registered-months", h.registeredMonths());
            distinct(entry, "features.credit-history.balance-months", h.balanceMonths());
            history = new Dataset.CreditHistoryWindows(h.pastDueDays(), h.pastDueMonths(), h.worstMonths(), h.registeredMonths(),
                    h.renegotiationMonths(), h.balanceMonths());
        }
        Dataset.Label label = null;
        Dataset.Population population = d.population() == null ? null
                : new Dataset.Population(d.population().exposureWithinMonths(), d.population().excludeBadAtObservation());
        if (d.label() != null) {
            DatasetsProperties.Label l = d.label();
            if (!Dataset.Label.DEFAULT_OR_90_DAYS_OVERDUE.equals(l.kind())) {
                throw new InvalidConfigurationException(FILE, entry, "label.kind: unknown '" + l.kind() + "' (known: "
                        + Dataset.Label.DEFAULT_OR_90_DAYS_OVERDUE + ")");
            }
            label = new Dataset.Label(l.kind(), l.horizonMonths(), l.badDaysPastDue(), l.materiality(), l.renegotiation(),
                    l.maturityBufferDays(), l.incomplete());
            if (population == null) {
                population = new Dataset.Population(0, true); // a training set's population is never "everyone"
            }
        }
        Dataset dataset = new Dataset(d.name(), d.version(), d.description(), zone, d.pseudonymKeyId(), profile, f.incomeKinds(), rating,
                f.scoreAtT(), history, f.activityWindowsDays(), f.bureauQueryWindowsDays(), f.bureauQueryPurposes(),
                f.daysSinceLastCardPurchase(), f.coverage(), population, label);
        if (dataset.schema().columns().stream().noneMatch(c -> c.role() == io.consumidor.features.schema.Column.Role.FEATURE)) {
            throw new InvalidConfigurationException(FILE, entry, "features: a dataset needs at least one feature");
        }
        return dataset;
    }

    private static <F> List<F> features(String entry, String field, List<String> names, F[] catalog, Function<F, String> nameOf) {
        List<F> features = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String at = field + "[" + i + "]";
            F feature = Arrays.stream(catalog).filter(f -> nameOf.apply(f).equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidConfigurationException(FILE, entry, at + ": unknown feature '" + name + "' (known: "
                            + Arrays.stream(catalog).map(nameOf).toList() + ")"));
            if (features.contains(feature)) {
                throw new InvalidConfigurationException(FILE, entry, field + "[" + i + "]: '" + name + "' is listed twice");
            }
            features.add(feature);
        }
        return features;
    }

    private static void distinct(String entry, String field, List<Integer> windows) {
        if (new HashSet<>(windows).size() != windows.size()) {
            throw new InvalidConfigurationException(FILE, entry, field + ": a window is listed twice " + windows);
        }
    }
}
