package io.consumidor.jobs.mlexport.dataset;

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
                    + "' in consumidor.ml-export.keys (known: " + keyIds + ")");
        }
        List<ProfileFeature> profile = features(entry, "features.profile", d.features().profile(), ProfileFeature.values(), ProfileFeature::column);
        List<RatingFeature> rating = features(entry, "features.rating", d.features().rating(), RatingFeature.values(), f -> f.name().toLowerCase().replace('_', '-'));
        distinct(entry, "features.activity-windows-days", d.features().activityWindowsDays());
        distinct(entry, "features.bureau-query-windows-days", d.features().bureauQueryWindowsDays());
        Dataset.Label label = null;
        if (d.label() != null) {
            if (!Dataset.Label.DEFAULT_OR_90_DAYS_OVERDUE.equals(d.label().kind())) {
                throw new InvalidConfigurationException(FILE, entry, "label.kind: unknown '" + d.label().kind() + "' (known: "
                        + Dataset.Label.DEFAULT_OR_90_DAYS_OVERDUE + ")");
            }
            label = new Dataset.Label(d.label().kind(), d.label().horizonMonths());
        }
        Dataset dataset = new Dataset(d.name(), d.version(), d.description(), zone, d.pseudonymKeyId(), profile, rating,
                d.features().activityWindowsDays(), d.features().bureauQueryWindowsDays(), d.features().daysSinceLastCardPurchase(), label);
        if (dataset.schema().columns().size() <= 2) {
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
