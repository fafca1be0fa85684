package io.consumidor.core.cpf;

import java.util.Objects;

/**
 * A valid Brazilian CPF, held as its 11 digits. Accepts {@code 123.456.789-09} or {@code 12345678909};
 * rejects wrong lengths, stray characters, all-equal digits and wrong check digits. {@link #toString()}
 * masks all but the check digits, so a CPF that slips into a log line or exception message stays unreadable.
 */
public final class Cpf {

    private final String digits;

    private Cpf(String digits) {
        this.digits = digits;
    }

    /** @throws InvalidCpfException with the reason, never echoing the input */
    public static Cpf parse(String input) {
        if (input == null) {
            throw new InvalidCpfException("CPF is missing");
        }
        String trimmed = input.strip();
        if (!trimmed.matches("\\d{11}|\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}")) {
            throw new InvalidCpfException("CPF must be 11 digits, optionally formatted as 000.000.000-00");
        }
        String digits = trimmed.replaceAll("\\D", "");
        if (digits.chars().distinct().count() == 1) {
            throw new InvalidCpfException("CPF must not have all digits equal");
        }
        if (checkDigit(digits, 9) != digits.charAt(9) - '0' || checkDigit(digits, 10) != digits.charAt(10) - '0') {
            throw new InvalidCpfException("CPF check digits do not match");
        }
        return new Cpf(digits);
    }

    public static boolean isValid(String input) {
        try {
            parse(input);
            return true;
        } catch (InvalidCpfException e) {
            return false;
        }
    }

    /** The modulo-11 check digit over the first {@code length} digits (weights length+1 down to 2). */
    static int checkDigit(String digits, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (length + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }

    /** The 11 digits, unformatted. Only Base A and the pseudonymiser should ever need them. */
    public String digits() {
        return digits;
    }

    public String formatted() {
        return digits.substring(0, 3) + "." + digits.substring(3, 6) + "." + digits.substring(6, 9) + "-" + digits.substring(9);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cpf cpf && cpf.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return Objects.hash(digits);
    }

    @Override
    public String toString() {
        return "***.***.***-" + digits.substring(9);
    }
}
