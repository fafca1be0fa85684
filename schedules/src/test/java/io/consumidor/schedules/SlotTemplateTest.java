package io.consumidor.schedules;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotTemplateTest {

    private static final LocalDateTime SLOT = LocalDateTime.of(2026, 3, 1, 5, 0);

    @Test
    void theSlotFormattedShiftedLeftToRight() {
        assertThat(new SlotTemplate("{slot:yyyy-MM-dd}").expand(SLOT)).isEqualTo("2026-03-01");
        assertThat(new SlotTemplate("{slot-12M-1d:yyyy-MM-dd}").expand(SLOT)).isEqualTo("2025-02-28");
        assertThat(new SlotTemplate("{slot-1d:yyyy-MM-dd}").expand(LocalDateTime.of(2026, 3, 31, 0, 0))).isEqualTo("2026-03-30");
        assertThat(new SlotTemplate("{slot-1M:yyyy-MM-dd}").expand(LocalDateTime.of(2026, 3, 31, 0, 0))).isEqualTo("2026-02-28");
        assertThat(new SlotTemplate("run-{slot+2h:HHmm}-x").expand(SLOT)).isEqualTo("run-0700-x");
        assertThat(new SlotTemplate("incremental").expand(SLOT)).isEqualTo("incremental");
    }

    @Test
    void aMalformedPlaceholderIsRefusedNamingIt() {
        assertThatThrownBy(() -> new SlotTemplate("{slot-3w:yyyy}")).hasMessageContaining("malformed");
        assertThatThrownBy(() -> new SlotTemplate("{slot:qqqqqq}")).hasMessageContaining("not a date-time pattern");
    }
}
