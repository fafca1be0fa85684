package io.consumidor.demo;

import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A person's Base C activity over the 18 months, as producers send it to the intake: card purchases (about two
 * a month), money in (the income, monthly) and out (two or three transfers and bills a month), and now and then a
 * bureau query — more often for someone who is falling behind, as lenders look them up when they ask for credit.
 * Event ids are derived from the seed, so sending the same person twice stores their events once.
 */
final class Activity {

    private static final String[] CATEGORIES = {"5411", "5812", "5541", "5912", "5311", "4121", "5732", "5651"};
    private static final String[] MERCHANTS = {"Mercado Bom Preço", "Padaria Central", "Posto Avenida", "Drogaria São Paulo",
            "Loja Americana", "Transporte App", "Eletro Mais", "Moda Brasil"};
    private static final String[] BUREAUS = {"serasa", "quod", "boa-vista"};

    private final long seed;
    private final Instant now;

    Activity(long seed, Instant now) {
        this.seed = seed;
        this.now = now;
    }

    /** The intake items of one person: {@code eventId, type, occurredAt, cpf, payload}, oldest first. */
    List<Map<String, Object>> of(Population.Person person) {
        SplittableRandom random = new SplittableRandom(seed * 7_368_787L + person.index());
        Instant start = now.minus(Population.MONTHS * 30L, ChronoUnit.DAYS);
        long span = now.getEpochSecond() - start.getEpochSecond();
        List<Map<String, Object>> events = new ArrayList<>();
        double income = person.months().get(0).incomes().get(0).monthlyAmount().doubleValue();
        int purchases = poisson(random, 2.0 * Population.MONTHS);
        for (int i = 0; i < purchases; i++) {
            Instant at = start.plusSeconds(random.nextLong(span));
            int category = random.nextInt(CATEGORIES.length);
            events.add(item(person, events.size(), EventType.CARD_PURCHASE, at, Map.of(
                    CardPurchase.AMOUNT, money(Math.exp(Math.log(income / 40) + 0.8 * gaussian(random))),
                    CardPurchase.CURRENCY, "BRL",
                    CardPurchase.MERCHANT_CATEGORY, CATEGORIES[category],
                    CardPurchase.MERCHANT_NAME, MERCHANTS[category],
                    CardPurchase.CHANNEL, CardPurchase.Channel.values()[random.nextInt(3)].name())));
        }
        for (int month = 0; month < Population.MONTHS; month++) {
            Instant payday = start.plus(month * 30L + 5, ChronoUnit.DAYS).plusSeconds(random.nextLong(86_400));
            if (payday.isBefore(now)) {
                events.add(item(person, events.size(), EventType.FINANCIAL_MOVEMENT, payday, movement(income, FinancialMovement.Direction.IN,
                        FinancialMovement.Kind.TED)));
            }
        }
        int outgoing = poisson(random, 2.5 * Population.MONTHS);
        for (int i = 0; i < outgoing; i++) {
            FinancialMovement.Kind kind = random.nextDouble() < 0.6 ? FinancialMovement.Kind.PIX : FinancialMovement.Kind.BOLETO;
            events.add(item(person, events.size(), EventType.FINANCIAL_MOVEMENT, start.plusSeconds(random.nextLong(span)),
                    movement(Math.exp(Math.log(income / 6) + 0.7 * gaussian(random)), FinancialMovement.Direction.OUT, kind)));
        }
        int queries = poisson(random, (0.15 + 0.6 * person.propensity()) * Population.MONTHS);
        for (int i = 0; i < queries; i++) {
            events.add(item(person, events.size(), EventType.BUREAU_QUERY, start.plusSeconds(random.nextLong(span)), Map.of(
                    BureauQuery.BUREAU, BUREAUS[random.nextInt(BUREAUS.length)], BureauQuery.PURPOSE, "credit-analysis")));
        }
        events.sort((a, b) -> ((String) a.get("occurredAt")).compareTo((String) b.get("occurredAt")));
        return events;
    }

    private Map<String, Object> item(Population.Person person, int n, EventType type, Instant occurredAt, Map<String, Object> payload) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("eventId", UUID.nameUUIDFromBytes((seed + "/" + person.index() + "/" + n).getBytes(StandardCharsets.UTF_8)).toString());
        item.put("type", type.wireName());
        item.put("schemaVersion", type.schemaVersion());
        item.put("occurredAt", occurredAt.truncatedTo(ChronoUnit.SECONDS).toString());
        item.put("cpf", person.cpf());
        item.put("payload", payload);
        return item;
    }

    private static Map<String, Object> movement(double amount, FinancialMovement.Direction direction, FinancialMovement.Kind kind) {
        return Map.of(FinancialMovement.AMOUNT, money(amount), FinancialMovement.CURRENCY, "BRL",
                FinancialMovement.DIRECTION, direction.name(), FinancialMovement.KIND, kind.name());
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(Math.max(1, value)).setScale(2, RoundingMode.HALF_UP);
    }

    private static double gaussian(SplittableRandom random) {
        return new java.util.Random(random.nextLong()).nextGaussian();
    }

    private static int poisson(SplittableRandom random, double mean) {
        // Knuth's method is fine for the means used here (under 100); the normal approximation above that.
        if (mean > 60) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int count = 0;
        while (product > limit) {
            product *= random.nextDouble();
            count++;
        }
        return count;
    }
}
