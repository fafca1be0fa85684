package io.consumidor.baseb.profile;

import io.consumidor.core.payload.Asset;
import io.consumidor.core.payload.DebtSummary;
import io.consumidor.core.payload.IncomeSource;
import io.consumidor.core.payload.PersonalFacts;
import io.consumidor.core.payload.ReportedFacts;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The one BSON mapping of Base B's facts, both ways: what the router writes and what the rating job, the ML
 * export and the test fixtures read. Money is Decimal128 (keeps its scale), dates are {@code yyyy-MM-dd}
 * strings, instants BSON dates. Reading is strict: a field of the wrong type is a
 * {@link MalformedProfileException} naming the field, never a guess.
 */
public final class ProfileCodec {

    private ProfileCodec() {
    }

    // ---- write ----

    /** A group's document: the value's fields and the fact's stamps. */
    public static Document group(ProfileGroup group, Fact<?> fact) {
        Document document = switch (group) {
            case PERSONAL -> personal((PersonalFacts) fact.value());
            case DEBT_SUMMARY -> debts((DebtSummary) fact.value());
            case REPORTED_FACTS -> reported((ReportedFacts) fact.value());
        };
        return document.append(ProfileFields.SOURCE_VERSION, fact.sourceVersion())
                .append(ProfileFields.OCCURRED_AT, Date.from(fact.occurredAt()))
                .append(ProfileFields.RECORDED_AT, Date.from(fact.recordedAt()))
                .append(ProfileFields.EVENT_ID, fact.eventId());
    }

    static Document personal(PersonalFacts facts) {
        Document document = new Document("birthYear", facts.birthYear()).append("region", facts.region());
        if (facts.assets() != null) {
            document.append("assets", facts.assets().stream().map(a -> new Document("kind", a.kind().name())
                    .append("value", new Decimal128(a.value())).append("paidOff", a.paidOff())).toList());
        }
        if (facts.incomeSources() != null) {
            document.append("incomeSources", facts.incomeSources().stream().map(i -> {
                Document income = new Document("kind", i.kind().name()).append("monthlyAmount", new Decimal128(i.monthlyAmount()));
                if (i.since() != null) {
                    income.append("since", i.since().toString());
                }
                return income;
            }).toList());
        }
        return document;
    }

    static Document debts(DebtSummary debts) {
        Document document = new Document("openCount", debts.openCount()).append("openTotal", new Decimal128(debts.openTotal()))
                .append("defaultedCount", debts.defaultedCount()).append("defaultedTotal", new Decimal128(debts.defaultedTotal()));
        if (debts.oldestUnpaidDueDate() != null) {
            document.append("oldestUnpaidDueDate", debts.oldestUnpaidDueDate().toString());
        }
        if (debts.oldestUnpaidAmount() != null) {
            document.append("oldestUnpaidAmount", new Decimal128(debts.oldestUnpaidAmount()));
        }
        if (debts.renegotiatedCount() != null) {
            document.append("renegotiatedCount", debts.renegotiatedCount());
        }
        if (debts.registeredCount() != null) {
            document.append("registeredCount", debts.registeredCount());
        }
        return document;
    }

    static Document reported(ReportedFacts facts) {
        Document document = new Document();
        if (facts.monthlyIncome() != null) {
            document.append(ReportedFacts.MONTHLY_INCOME, new Decimal128(facts.monthlyIncome()));
        }
        if (facts.incomeSourceCount() != null) {
            document.append(ReportedFacts.INCOME_SOURCE_COUNT, facts.incomeSourceCount());
        }
        if (facts.realEstateCount() != null) {
            document.append(ReportedFacts.REAL_ESTATE_COUNT, facts.realEstateCount());
        }
        if (facts.vehicleCount() != null) {
            document.append(ReportedFacts.VEHICLE_COUNT, facts.vehicleCount());
        }
        if (facts.asOf() != null) {
            document.append(ReportedFacts.AS_OF, facts.asOf().toString());
        }
        return document;
    }

    public static Document erasure(Erasure erasure) {
        return new Document(ProfileFields.SOURCE_VERSION, erasure.sourceVersion())
                .append(ProfileFields.OCCURRED_AT, Date.from(erasure.occurredAt()))
                .append(ProfileFields.RECORDED_AT, Date.from(erasure.recordedAt()));
    }

    /** A whole profile document, as the router would have merged these facts (for fixtures and rebuilds). */
    public static Document document(Profile profile, Instant updatedAt) {
        Document document = new Document("_id", profile.subject());
        for (ProfileGroup group : ProfileGroup.values()) {
            Fact<?> fact = profile.fact(group);
            if (fact != null) {
                document.append(group.fieldName(), group(group, fact));
            }
        }
        return document.append(ProfileFields.UPDATED_AT, Date.from(updatedAt));
    }

    // ---- read ----

    /** @throws MalformedProfileException naming the field that breaks the contract */
    public static ProfileDocument read(Document document) {
        if (!(document.get("_id") instanceof String subject)) {
            throw new MalformedProfileException("_id is not a subject string");
        }
        Document erasure = subDocument(document, ProfileFields.ERASURE, ProfileFields.ERASURE);
        Date updatedAt = document.get(ProfileFields.UPDATED_AT) instanceof Date d ? d : null;
        return new ProfileDocument(profile(subject, document), erasure == null ? null : new Erasure(
                longValue(erasure, ProfileFields.SOURCE_VERSION, "erasure"),
                instant(erasure, ProfileFields.OCCURRED_AT, "erasure"),
                instant(erasure, ProfileFields.RECORDED_AT, "erasure")),
                updatedAt == null ? null : updatedAt.toInstant());
    }

    @SuppressWarnings("unchecked")
    static Profile profile(String subject, Document document) {
        Document personal = subDocument(document, ProfileGroup.PERSONAL.fieldName(), ProfileGroup.PERSONAL.fieldName());
        Document debts = subDocument(document, ProfileGroup.DEBT_SUMMARY.fieldName(), ProfileGroup.DEBT_SUMMARY.fieldName());
        Document reported = subDocument(document, ProfileGroup.REPORTED_FACTS.fieldName(), ProfileGroup.REPORTED_FACTS.fieldName());
        return new Profile(subject,
                personal == null ? null : (Fact<PersonalFacts>) fact(ProfileGroup.PERSONAL, personal, ProfileGroup.PERSONAL.fieldName()),
                debts == null ? null : (Fact<DebtSummary>) fact(ProfileGroup.DEBT_SUMMARY, debts, ProfileGroup.DEBT_SUMMARY.fieldName()),
                reported == null ? null : (Fact<ReportedFacts>) fact(ProfileGroup.REPORTED_FACTS, reported, ProfileGroup.REPORTED_FACTS.fieldName()));
    }

    /** A group's document (with its stamps) as a fact; {@code path} names it in error messages. */
    public static Fact<?> fact(ProfileGroup group, Document document, String path) {
        Object value = switch (group) {
            case PERSONAL -> personal(document, path);
            case DEBT_SUMMARY -> debts(document, path);
            case REPORTED_FACTS -> reported(document, path);
        };
        return new Fact<>(value, longValue(document, ProfileFields.SOURCE_VERSION, path),
                instant(document, ProfileFields.OCCURRED_AT, path), instant(document, ProfileFields.RECORDED_AT, path),
                string(document, ProfileFields.EVENT_ID, path, true));
    }

    private static PersonalFacts personal(Document document, String path) {
        List<Asset> assets = null;
        if (document.containsKey("assets")) {
            assets = new ArrayList<>();
            List<Document> items = list(document, "assets", path);
            for (int i = 0; i < items.size(); i++) {
                Document asset = items.get(i);
                String at = path + ".assets[" + i + "]";
                assets.add(new Asset(enumValue(Asset.AssetKind.class, asset, "kind", at), decimal(asset, "value", at, true),
                        Boolean.TRUE.equals(asset.get("paidOff"))));
            }
        }
        List<IncomeSource> incomes = null;
        if (document.containsKey("incomeSources")) {
            incomes = new ArrayList<>();
            List<Document> items = list(document, "incomeSources", path);
            for (int i = 0; i < items.size(); i++) {
                Document income = items.get(i);
                String at = path + ".incomeSources[" + i + "]";
                incomes.add(new IncomeSource(enumValue(IncomeSource.IncomeKind.class, income, "kind", at),
                        decimal(income, "monthlyAmount", at, true), date(income, "since", at)));
            }
        }
        Integer birthYear = integer(document, "birthYear", path, true);
        return new PersonalFacts(birthYear, string(document, "region", path, true), assets, incomes);
    }

    private static DebtSummary debts(Document document, String path) {
        return new DebtSummary(integer(document, "openCount", path, true), decimal(document, "openTotal", path, true),
                integer(document, "defaultedCount", path, true), decimal(document, "defaultedTotal", path, true),
                date(document, "oldestUnpaidDueDate", path), decimal(document, "oldestUnpaidAmount", path, false),
                integer(document, "renegotiatedCount", path, false), integer(document, "registeredCount", path, false));
    }

    private static ReportedFacts reported(Document document, String path) {
        return new ReportedFacts(decimal(document, ReportedFacts.MONTHLY_INCOME, path, false),
                integer(document, ReportedFacts.INCOME_SOURCE_COUNT, path, false),
                integer(document, ReportedFacts.REAL_ESTATE_COUNT, path, false),
                integer(document, ReportedFacts.VEHICLE_COUNT, path, false), date(document, ReportedFacts.AS_OF, path));
    }

    // ---- typed field access, naming the field on failure ----

    static Document subDocument(Document parent, String field, String path) {
        Object value = parent.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Document document) {
            return document;
        }
        throw new MalformedProfileException(path + " is not a document");
    }

    private static List<Document> list(Document parent, String field, String path) {
        if (!(parent.get(field) instanceof List<?> items)) {
            throw new MalformedProfileException(path + "." + field + " is not a list");
        }
        List<Document> documents = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Document document)) {
                throw new MalformedProfileException(path + "." + field + "[" + i + "] is not a document");
            }
            documents.add(document);
        }
        return documents;
    }

    private static Integer integer(Document parent, String field, String path, boolean required) {
        Object value = parent.get(field);
        if (value == null) {
            return missing(required, path, field);
        }
        if (value instanceof Integer || value instanceof Long) {
            return Math.toIntExact(((Number) value).longValue());
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.intValue();
        }
        throw new MalformedProfileException(path + "." + field + " is not a whole number");
    }

    private static long longValue(Document parent, String field, String path) {
        Object value = parent.get(field);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw new MalformedProfileException(path + "." + field + (value == null ? " is missing" : " is not a whole number"));
    }

    private static BigDecimal decimal(Document parent, String field, String path, boolean required) {
        Object value = parent.get(field);
        if (value == null) {
            return missing(required, path, field);
        }
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d);
        }
        throw new MalformedProfileException(path + "." + field + " is not a number");
    }

    private static String string(Document parent, String field, String path, boolean required) {
        Object value = parent.get(field);
        if (value == null) {
            return missing(required, path, field);
        }
        if (value instanceof String s) {
            return s;
        }
        throw new MalformedProfileException(path + "." + field + " is not a string");
    }

    private static LocalDate date(Document parent, String field, String path) {
        String value = string(parent, field, path, false);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedProfileException(path + "." + field + " is not a date (yyyy-MM-dd)");
        }
    }

    private static Instant instant(Document parent, String field, String path) {
        Object value = parent.get(field);
        if (value instanceof Date date) {
            return date.toInstant();
        }
        throw new MalformedProfileException(path + "." + field + (value == null ? " is missing" : " is not a date"));
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Document parent, String field, String path) {
        String value = string(parent, field, path, true);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new MalformedProfileException(path + "." + field + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static <T> T missing(boolean required, String path, String field) {
        if (required) {
            throw new MalformedProfileException(path + "." + field + " is missing");
        }
        return null;
    }
}
