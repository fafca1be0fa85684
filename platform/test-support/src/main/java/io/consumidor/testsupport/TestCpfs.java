package io.consumidor.testsupport;

import io.consumidor.core.cpf.Cpf;

import java.util.concurrent.ThreadLocalRandom;

/** Random valid CPFs, so tests sharing one database never collide on a consumer. */
public final class TestCpfs {

    private TestCpfs() {
    }

    public static Cpf random() {
        String base = String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        int first = checkDigit(base);
        int second = checkDigit(base + first);
        return Cpf.parse(base + first + second);
    }

    /** The n-th of a fixed sequence of valid CPFs (0 ≤ n < 800,000,000): benchmarks regenerate the same consumers. */
    public static Cpf nth(long n) {
        String base = String.format("%09d", 100_000_000 + n);
        int first = checkDigit(base);
        int second = checkDigit(base + first);
        return Cpf.parse(base + first + second);
    }

    private static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += (digits.charAt(i) - '0') * (digits.length() + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }
}
