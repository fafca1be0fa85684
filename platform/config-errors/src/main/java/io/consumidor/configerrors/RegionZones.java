package io.consumidor.configerrors;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A time zone from a configuration file, which must be a region ({@code America/Sao_Paulo}): a fixed offset
 * ({@code -03:00}, {@code UTC-3}) would ignore the region's daylight-saving rules, and "the end of a day" or "02:00
 * every night" would drift from what the people of that region mean by it.
 */
public final class RegionZones {

    private RegionZones() {
    }

    /** @throws InvalidConfigurationException naming the file, entry and field */
    public static ZoneId parse(String file, String entry, String field, String text) {
        ZoneId zone;
        try {
            zone = ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new InvalidConfigurationException(file, entry, field + ": '" + text + "' is not a time zone (for example America/Sao_Paulo)");
        }
        if (zone instanceof ZoneOffset || text.matches("(?i)(UTC|GMT|UT)[+-].*")) {
            throw new InvalidConfigurationException(file, entry, field + ": '" + text + "' is a fixed offset; name a region (for example America/Sao_Paulo)");
        }
        return zone;
    }
}
