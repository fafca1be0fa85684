package io.consumidor.batch.rating;

import io.consumidor.batch.scorecard.MalformedProfileException;
import io.consumidor.batch.scorecard.ProfileFacts;
import org.bson.Document;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Base B profile document (groups {@code profile}, {@code debtSummary}, {@code reportedFacts}, as the
 * stream router merges them) into {@link ProfileFacts}. A field of the wrong type is a malformed profile —
 * skipped with the reason naming the field — never a guess.
 */
final class ProfileMapper {

    private ProfileMapper() {
    }

    static ProfileFacts facts(Document doc) {
        String subject = doc.get("_id") instanceof String id ? id : null;
        if (subject == null) {
            throw new MalformedProfileException("_id is not a subject string");
        }
        Document profile = group(doc, "profile");
        Document debts = group(doc, "debtSummary");
        Document reported = group(doc, "reportedFacts");
        Document activity = group(doc, "activity");
        return new ProfileFacts(subject,
                profile == null ? null : integer(profile, "birthYear"),
                profile == null ? null : assets(profile),
                profile == null ? null : incomes(profile),
                reported == null ? null : decimal(reported, "monthlyIncome"),
                debts == null ? null : new ProfileFacts.DebtSummary(
                        required(integer(debts, "openCount"), "debtSummary.openCount"),
                        required(decimal(debts, "openTotal"), "debtSummary.openTotal"),
                        required(integer(debts, "defaultedCount"), "debtSummary.defaultedCount"),
                        orZero(decimal(debts, "defaultedTotal")),
                        orZero(integer(debts, "maxDaysOverdue"))),
                activity == null ? null : integer(activity, "bureauQueries90d"));
    }

    private static Document group(Document doc, String name) {
        Object value = doc.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Document group) {
            return group;
        }
        throw new MalformedProfileException(name + " is not a document");
    }

    private static List<ProfileFacts.Asset> assets(Document profile) {
        List<ProfileFacts.Asset> assets = new ArrayList<>();
        for (Document asset : list(profile, "assets")) {
            assets.add(new ProfileFacts.Asset(asset.get("kind") instanceof String k ? k : "OTHER",
                    required(decimal(asset, "value"), "profile.assets.value"), Boolean.TRUE.equals(asset.get("paidOff"))));
        }
        return profile.containsKey("assets") ? assets : null;
    }

    private static List<ProfileFacts.Income> incomes(Document profile) {
        List<ProfileFacts.Income> incomes = new ArrayList<>();
        for (Document income : list(profile, "incomeSources")) {
            incomes.add(new ProfileFacts.Income(income.get("kind") instanceof String k ? k : "OTHER",
                    required(decimal(income, "monthlyAmount"), "profile.incomeSources.monthlyAmount"), date(income, "since")));
        }
        return profile.containsKey("incomeSources") ? incomes : null;
    }

    private static List<Document> list(Document parent, String field) {
        Object value = parent.get(field);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            throw new MalformedProfileException(field + " is not a list");
        }
        List<Document> documents = new ArrayList<>(items.size());
        for (Object item : items) {
            if (!(item instanceof Document document)) {
                throw new MalformedProfileException(field + " holds a " + (item == null ? "null" : item.getClass().getSimpleName()));
            }
            documents.add(document);
        }
        return documents;
    }

    private static Integer integer(Document parent, String field) {
        Object value = parent.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).intValue();
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return d.intValue();
        }
        throw new MalformedProfileException(field + " is not a whole number: " + value.getClass().getSimpleName());
    }

    private static BigDecimal decimal(Document parent, String field) {
        Object value = parent.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d);
        }
        if (value instanceof org.bson.types.Decimal128 d) {
            return d.bigDecimalValue();
        }
        throw new MalformedProfileException(field + " is not a number: " + value.getClass().getSimpleName());
    }

    private static LocalDate date(Document parent, String field) {
        Object value = parent.get(field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new MalformedProfileException(field + " is not a date (yyyy-MM-dd)");
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new MalformedProfileException(field + " is missing");
        }
        return value;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
