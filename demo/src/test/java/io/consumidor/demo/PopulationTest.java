package io.consumidor.demo;

import io.consumidor.core.cnpj.Cnpj;
import io.consumidor.core.cpf.Cpf;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The generator's people: reproducible from the seed, valid identifiers, plausible distributions, risk that shows. */
class PopulationTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);
    private final Population population = new Population(42, TODAY);
    private final List<Population.Person> people = IntStream.range(0, 2000).mapToObj(population::person).toList();

    @Test
    void theSameSeedGivesTheSamePeopleAndAnotherSeedOthers() {
        assertThat(new Population(42, TODAY).person(7)).isEqualTo(population.person(7));
        assertThat(new Population(43, TODAY).person(7).cpf()).isNotEqualTo(population.person(7).cpf());
    }

    @Test
    void cpfsAndCreditorsAreValidAndCpfsDistinct() {
        Set<String> cpfs = new HashSet<>();
        for (Population.Person person : people) {
            assertThat(Cpf.isValid(person.cpf())).as(person.cpf()).isTrue();
            cpfs.add(person.cpf());
            person.months().forEach(month -> month.debts().forEach(debt -> Cnpj.parse(debt.creditorCnpj())));
        }
        assertThat(cpfs).hasSize(people.size());
    }

    @Test
    void agesAndIncomesArePlausible() {
        double[] ages = people.stream().mapToDouble(p -> Period.between(p.birthDate(), TODAY).getYears()).sorted().toArray();
        assertThat(ages[0]).isGreaterThanOrEqualTo(17);
        assertThat(ages[ages.length - 1]).isLessThanOrEqualTo(81);
        assertThat(ages[ages.length / 2]).isBetween(30.0, 45.0);
        double[] incomes = people.stream().mapToDouble(p -> p.months().get(0).incomes().get(0).monthlyAmount().doubleValue()).sorted().toArray();
        assertThat(incomes[0]).isGreaterThanOrEqualTo(1412); // the minimum wage
        assertThat(incomes[incomes.length / 2]).isBetween(2500.0, 4000.0);
        assertThat(incomes[incomes.length * 99 / 100]).as("a long right tail").isGreaterThan(3 * incomes[incomes.length / 2]);
        assertThat(people).allSatisfy(p -> assertThat(p.months()).hasSize(Population.MONTHS + 1));
    }

    @Test
    void defaultsComeMostlyFromThoseInclinedToFallBehind() {
        List<Population.Person> defaulted = people.stream().filter(p -> p.months().stream()
                .anyMatch(m -> m.debts().stream().anyMatch(d -> d.status().equals("DEFAULTED")))).toList();
        double rate = defaulted.size() / (double) people.size();
        assertThat(rate).as("share of people with a default at some point").isBetween(0.05, 0.45);
        double meanAll = people.stream().mapToDouble(Population.Person::propensity).average().orElseThrow();
        double meanDefaulted = defaulted.stream().mapToDouble(Population.Person::propensity).average().orElseThrow();
        assertThat(meanDefaulted).isGreaterThan(1.3 * meanAll);
    }

    @Test
    void aTwelveMonthBadRateLikeARetailCreditBook() {
        // "bad" as the training label means it: defaulted, or a debt 90+ days past due, in months 7..18
        long bad = people.stream().filter(p -> IntStream.rangeClosed(7, Population.MONTHS).anyMatch(m -> {
            LocalDate day = TODAY.minusMonths(Population.MONTHS - m);
            return p.months().get(m).debts().stream().anyMatch(d -> d.status().equals("DEFAULTED") || d.dueDate().isBefore(day.minusDays(90)));
        })).count();
        double openNow = people.stream().mapToLong(p -> p.months().get(Population.MONTHS).debts().size()).average().orElseThrow();
        assertThat(bad / (double) people.size()).isBetween(0.08, 0.35);
        assertThat(openNow).as("most people owe something, as most adults with credit do").isBetween(0.6, 3.0);
    }

    @Test
    void activityIsSpreadOverTheEighteenMonthsAndNeverInTheFuture() {
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        List<java.util.Map<String, Object>> events = new Activity(42, now).of(people.get(3));
        assertThat(events).hasSizeGreaterThan(40);
        List<Instant> times = events.stream().map(e -> Instant.parse((String) e.get("occurredAt"))).toList();
        assertThat(times).allSatisfy(t -> assertThat(t).isBefore(now));
        assertThat(times.get(0)).isBefore(now.minus(java.time.Duration.ofDays(450)));
        assertThat(new Activity(42, now).of(people.get(3))).as("same ids, so a re-send stores them once").isEqualTo(events);
    }
}
