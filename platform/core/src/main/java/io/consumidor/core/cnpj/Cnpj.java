package io.consumidor.core.cnpj;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A valid Brazilian CNPJ (a company's registry number), held as its 14 digits. Accepts {@code 11.222.333/0001-81}
 * or {@code 11222333000181}, as {@code Cpf} accepts both forms; rejects wrong lengths, stray characters,
 * all-equal digits and wrong check digits. Rejection messages never echo the input.
 */
public final class Cnpj {

    private static final Pattern FORM = Pattern.compile("\\d{14}|\\d{2}\\.\\d{3}\\.\\d{3}/\\d{4}-\\d{2}");
    private static final int[] FIRST = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
    private static final int[] SECOND = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};

    private final String digits;

    private Cnpj(String digits) {
        this.digits = digits;
    }

    /** @throws IllegalArgumentException with the reason, never echoing the input */
    public static Cnpj parse(String input) {
        if (input == null) {
            throw new IllegalArgumentException("CNPJ is missing");
        }
        String trimmed = input.strip();
        if (!FORM.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("CNPJ must be 14 digits, optionally formatted as 00.000.000/0000-00");
        }
        String digits = trimmed.replaceAll("\\D", "");
        if (digits.chars().distinct().count() == 1) {
            throw new IllegalArgumentException("CNPJ must not have all digits equal");
        }
        if (checkDigit(digits, FIRST) != digits.charAt(12) - '0' || checkDigit(digits, SECOND) != digits.charAt(13) - '0') {
            throw new IllegalArgumentException("CNPJ check digits do not match");
        }
        return new Cnpj(digits);
    }

    public static boolean isValid(String input) {
        try {
            parse(input);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Modulo 11 over the first {@code weights.length} digits; a remainder below 2 gives 0. */
    static int checkDigit(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int rest = sum % 11;
        return rest < 2 ? 0 : 11 - rest;
    }

    public String digits() {
        return digits;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cnpj cnpj && cnpj.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digits);
    }

    @Override
    public String toString() {
        return digits.substring(0, 2) + "." + digits.substring(2, 5) + "." + digits.substring(5, 8) + "/" + digits.substring(8, 12)
                + "-" + digits.substring(12);
    }
}
