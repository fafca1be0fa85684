package io.consumidor.schedules;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job parameter that may use the slot: {@code {slot:<pattern>}} is the slot's local date-time in the schedule's
 * zone formatted with a {@link DateTimeFormatter} pattern, and {@code {slot-12M-1d:<pattern>}} shifts it first
 * (units: {@code y} years, {@code M} months, {@code d} days, {@code h} hours, {@code m} minutes; signs + or -),
 * left to right. Month arithmetic is calendar arithmetic: 2026-03-31 minus 1M is 2026-02-28.
 */
public final class SlotTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{slot((?:[+-]\\d+[yMdhm])*):([^}]+)}");
    private static final Pattern SHIFT = Pattern.compile("([+-])(\\d+)([yMdhm])");

    private record Part(String literal, List<String[]> shifts, DateTimeFormatter format) {
    }

    private final String text;
    private final List<Part> parts = new ArrayList<>();

    /** @throws IllegalArgumentException naming what is wrong in the template */
    public SlotTemplate(String text) {
        this.text = text;
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(new Part(text.substring(at, m.start()), null, null));
            List<String[]> shifts = new ArrayList<>();
            Matcher s = SHIFT.matcher(m.group(1));
            while (s.find()) {
                shifts.add(new String[] {s.group(1), s.group(2), s.group(3)});
            }
            DateTimeFormatter format;
            try {
                format = DateTimeFormatter.ofPattern(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + m.group(2) + "' is not a date-time pattern: " + e.getMessage());
            }
            parts.add(new Part(null, shifts, format));
            at = m.end();
        }
        String rest = text.substring(at);
        if (rest.contains("{slot")) {
            throw new IllegalArgumentException("'" + text + "': a {slot...} placeholder is malformed (use {slot:yyyy-MM-dd} or {slot-12M:yyyy-MM-dd})");
        }
        parts.add(new Part(rest, null, null));
    }

    public String expand(LocalDateTime slot) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            LocalDateTime shifted = slot;
            for (String[] shift : part.shifts()) {
                long amount = Long.parseLong(shift[1]) * (shift[0].equals("-") ? -1 : 1);
                shifted = switch (shift[2]) {
                    case "y" -> shifted.plusYears(amount);
                    case "M" -> shifted.plusMonths(amount);
                    case "d" -> shifted.plusDays(amount);
                    case "h" -> shifted.plusHours(amount);
                    default -> shifted.plusMinutes(amount);
                };
            }
            out.append(part.format().format(shifted));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}
