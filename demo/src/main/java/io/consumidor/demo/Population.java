package io.consumidor.demo;

import io.consumidor.core.cpf.Cpf;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Synthetic consumers from a seed: the same seed gives the same people with the same 18 months. Each person has a
 * hidden propensity to fall behind (log-odds drawn per person and raised by a low income), which drives how often
 * their debts go overdue and default; income, assets and age shape it too, so the training set's label is
 * related to its features the way a scorecard expects. Distributions:
 * <ul>
 *   <li>age 18 to 80, most between 25 and 55 (a triangular mix);</li>
 *   <li>monthly income log-normal around R$ 3,200 (a long right tail), one or two sources;</li>
 *   <li>assets: a vehicle for about 40 %, real estate for about 25 % (more with income), investments for 30 %;</li>
 *   <li>debts: about one open at the start, a new one about every seven months; a debt is paid early now and
 *       then, paid when it falls due by most (the more inclined to fall behind, the less often), and once late
 *       either caught up with or defaulted on, with chances set by the propensity; a defaulted one is now and then
 *       renegotiated (due again in 90 days).</li>
 * </ul>
 */
final class Population {

    static final int MONTHS = 18;
    private static final String[] FIRST = {"Ana", "Bruno", "Carla", "Diego", "Eduarda", "Felipe", "Gabriela", "Heitor", "Isabela",
            "João", "Larissa", "Marcos", "Natália", "Otávio", "Paula", "Rafael", "Sofia", "Thiago", "Vitória", "Wagner"};
    private static final String[] LAST = {"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira",
            "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes"};
    /** States weighted roughly by population: SP, MG, RJ and BA first. */
    private static final String[] STATES = {"SP", "SP", "SP", "SP", "SP", "MG", "MG", "MG", "RJ", "RJ", "RJ", "BA", "BA", "PR",
            "RS", "PE", "CE", "PA", "SC", "GO", "DF", "AM", "ES", "MA", "PB", "RN", "MT"};
    private static final String[] CREDITORS = {"11222333000181", "33000167000101", "60701190000104", "00360305000104",
            "90400888000142", "60746948000112"};

    record Person(int index, String cpf, String name, LocalDate birthDate, String state, String city, String postalCode,
                  double propensity, List<Month> months) {
    }

    /** What Base A holds of the person at the end of a month. */
    record Month(List<Debt> debts, List<Income> incomes, List<Asset> assets) {
    }

    record Debt(String creditorCnpj, BigDecimal amount, LocalDate dueDate, String status, String contractReference) {
    }

    record Income(String kind, BigDecimal monthlyAmount, LocalDate since) {
    }

    record Asset(String kind, BigDecimal value, boolean paidOff) {
    }

    private final long seed;
    private final LocalDate today;

    Population(long seed, LocalDate today) {
        this.seed = seed;
        this.today = today;
    }

    /** Person {@code index} of this seed; month {@code m} (0..18) is the state {@code 18 - m} months before today. */
    Person person(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        String cpf = cpf(random);
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)] + " " + LAST[random.nextInt(LAST.length)];
        int age = (int) Math.round(18 + 62 * triangular(random, 0.25));
        LocalDate birthDate = today.minusYears(age).minusDays(random.nextInt(365));
        String state = STATES[random.nextInt(STATES.length)];
        double income = Math.max(1412, Math.exp(Math.log(3200) + 0.65 * gaussian(random)));
        // Log-odds of falling behind: a person's own habit, worse with a low income.
        double propensity = sigmoid(-1.6 + 1.1 * gaussian(random) - 0.8 * Math.log(income / 3200));
        List<Month> months = life(random, income, propensity, age);
        return new Person(index, cpf, name, birthDate, state, "Cidade " + state, String.format("%08d", random.nextInt(1, 99_999_999)),
                propensity, months);
    }

    private List<Month> life(SplittableRandom random, double income, double propensity, int age) {
        LocalDate start = today.minusMonths(MONTHS);
        List<Income> incomes = new ArrayList<>();
        String kind = age >= 65 ? "RETIREMENT" : random.nextDouble() < 0.2 ? "SELF_EMPLOYED" : "EMPLOYMENT";
        incomes.add(new Income(kind, money(income), start.minusMonths(6 + random.nextInt(120))));
        if (random.nextDouble() < 0.15) {
            incomes.add(new Income("RENTAL", money(income * (0.1 + 0.3 * random.nextDouble())), start.minusMonths(random.nextInt(60))));
        }
        List<Asset> assets = new ArrayList<>();
        if (random.nextDouble() < 0.4) {
            assets.add(new Asset("VEHICLE", money(income * (8 + 10 * random.nextDouble())), random.nextDouble() < 0.5));
        }
        if (random.nextDouble() < Math.min(0.7, 0.15 * income / 3200 + 0.1)) {
            assets.add(new Asset("REAL_ESTATE", money(income * (60 + 90 * random.nextDouble())), random.nextDouble() < 0.4));
        }
        if (random.nextDouble() < 0.3) {
            assets.add(new Asset("INVESTMENT", money(income * (1 + 12 * random.nextDouble())), true));
        }
        List<Debt> debts = new ArrayList<>();
        int opening = random.nextDouble() < 0.35 ? 0 : random.nextDouble() < 0.7 ? 1 : 2;
        int contracts = 0;
        for (int i = 0; i < opening; i++) {
            debts.add(newDebt(random, income, start, contracts++));
        }
        List<Month> months = new ArrayList<>();
        months.add(new Month(List.copyOf(debts), List.copyOf(incomes), List.copyOf(assets)));
        for (int m = 1; m <= MONTHS; m++) {
            LocalDate day = start.plusMonths(m);
            List<Debt> next = new ArrayList<>();
            for (Debt debt : debts) {
                boolean overdue = debt.dueDate().isBefore(day);
                switch (debt.status()) {
                    case "OPEN", "RENEGOTIATED" -> {
                        boolean due = !debt.dueDate().isAfter(day);
                        boolean wasOverdue = debt.dueDate().isBefore(day.minusMonths(1));
                        // Before its due date a debt is now and then paid early; when it falls due most people pay
                        // it, the more so the less inclined to fall behind; once late, some catch up, some default.
                        double settle = !due ? 0.03 : !wasOverdue ? 1 - (0.04 + 0.5 * propensity) : 0.35 * (1 - propensity);
                        if (random.nextDouble() < settle) {
                            continue; // settled: it leaves Base A's list of debts
                        }
                        if (wasOverdue && random.nextDouble() < 0.3 * propensity) {
                            next.add(withStatus(debt, "DEFAULTED", debt.dueDate()));
                        } else {
                            next.add(debt);
                        }
                    }
                    case "DEFAULTED" -> {
                        double roll = random.nextDouble();
                        if (roll < 0.06) {
                            next.add(withStatus(debt, "RENEGOTIATED", day.plusDays(90)));
                        } else if (roll < 0.09) {
                            continue; // paid off after all
                        } else {
                            next.add(debt);
                        }
                    }
                    default -> throw new IllegalStateException(debt.status());
                }
            }
            if (random.nextDouble() < 0.12 + 0.1 * propensity) {
                next.add(newDebt(random, income, day, contracts++));
            }
            if (random.nextDouble() < 0.03) {
                Income main = incomes.get(0);
                incomes.set(0, new Income(main.kind(), money(main.monthlyAmount().doubleValue() * (1.05 + 0.1 * random.nextDouble())), main.since()));
            }
            debts = next;
            months.add(new Month(List.copyOf(debts), List.copyOf(incomes), List.copyOf(assets)));
        }
        return months;
    }

    private Debt newDebt(SplittableRandom random, double income, LocalDate opened, int contract) {
        double amount = Math.max(150, Math.exp(Math.log(income * 1.5) + 0.9 * gaussian(random)));
        return new Debt(CREDITORS[random.nextInt(CREDITORS.length)], money(amount), opened.plusDays(30 + random.nextInt(540)), "OPEN",
                "DEMO-" + contract + "-" + Long.toHexString(random.nextLong()).substring(0, 8));
    }

    private static Debt withStatus(Debt debt, String status, LocalDate dueDate) {
        return new Debt(debt.creditorCnpj(), debt.amount(), dueDate, status, debt.contractReference());
    }

    /** Nine random digits and their two check digits; never all equal. */
    static String cpf(SplittableRandom random) {
        while (true) {
            int[] d = new int[11];
            for (int i = 0; i < 9; i++) {
                d[i] = random.nextInt(10);
            }
            d[9] = check(d, 9);
            d[10] = check(d, 10);
            StringBuilder digits = new StringBuilder();
            for (int digit : d) {
                digits.append(digit);
            }
            if (Cpf.isValid(digits.toString())) {
                return digits.toString();
            }
        }
    }

    private static int check(int[] d, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += d[i] * (length + 1 - i);
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }

    private static double gaussian(SplittableRandom random) {
        return new Random(random.nextLong()).nextGaussian();
    }

    /** A triangular draw on [0, 1] with its mode at {@code mode}. */
    private static double triangular(SplittableRandom random, double mode) {
        double u = random.nextDouble();
        return u < mode ? Math.sqrt(u * mode) : 1 - Math.sqrt((1 - u) * (1 - mode));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
