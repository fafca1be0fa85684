package io.consumidor.core.payload;

import io.consumidor.core.event.EventType;
import io.consumidor.core.event.MalformedEventException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadsTest {

    @Test
    void roundTripsAConsumerProfileKeepingTheScaleOfMoneyAndDates() {
        ConsumerProfile profile = new ConsumerProfile(1985, "PE",
                List.of(new Asset(Asset.AssetKind.VEHICLE, new BigDecimal("45000.50"), true)),
                List.of(new IncomeSource(IncomeSource.IncomeKind.EMPLOYMENT, new BigDecimal("3200.00"), LocalDate.of(2019, 3, 1))),
                new DebtSummary(1, new BigDecimal("250.10"), 0, BigDecimal.ZERO, LocalDate.of(2026, 1, 10)));

        JsonNode json = Payloads.json(profile);

        assertThat(json.get("debtSummary").get("oldestUnpaidDueDate").asString()).isEqualTo("2026-01-10");
        assertThat(Payloads.read(json, ConsumerProfile.class, "consumer.profile")).isEqualTo(profile);
    }

    @Test
    void unknownListsStayUnknownNotEmpty() {
        ConsumerProfile profile = new ConsumerProfile(1985, "PE", null, null, DebtSummary.NONE);

        ConsumerProfile back = Payloads.read(Payloads.json(profile), ConsumerProfile.class, "consumer.profile");

        assertThat(back.assets()).isNull();
        assertThat(back.personalFacts().incomeSources()).isNull();
    }

    @Test
    void aPayloadOfTheWrongShapeIsMalformedNamingTheType() {
        JsonNode json = Payloads.json(new DebtSummaryChanged(DebtSummary.NONE));
        ((tools.jackson.databind.node.ObjectNode) json.get("debtSummary")).put("openCount", "many");

        assertThatThrownBy(() -> Payloads.read(json, DebtSummaryChanged.class, "consumer.debt_summary"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("consumer.debt_summary");
    }

    @Test
    void fieldsTheContractDoesNotKnowAreDroppedOnReading() {
        JsonNode json = new io.consumidor.core.event.EventCodec().mapper().readTree(
                "{\"amount\":10.00,\"currency\":\"BRL\",\"merchantCategory\":\"5411\",\"channel\":\"ONLINE\",\"cardholderName\":\"Joana\"}");

        CardPurchase purchase = Payloads.read(json, CardPurchase.class, "card.purchase");

        assertThat(Payloads.json(purchase).toString()).doesNotContain("Joana", "cardholderName");
    }

    @Test
    void daysOverdueAreCountedOnTheDayAskedFromTheOldestUnpaidDueDate() {
        DebtSummary debts = new DebtSummary(1, BigDecimal.TEN, 0, BigDecimal.ZERO, LocalDate.of(2026, 1, 1));

        assertThat(debts.daysOverdueOn(LocalDate.of(2026, 1, 1))).isZero();
        assertThat(debts.daysOverdueOn(LocalDate.of(2026, 1, 31))).isEqualTo(30);
        assertThat(debts.daysOverdueOn(LocalDate.of(2026, 3, 2))).isEqualTo(60);
        assertThat(DebtSummary.NONE.daysOverdueOn(LocalDate.of(2026, 3, 2))).isZero();
    }

    @Test
    void everyTypeWithAPayloadHasItsRecordAndOnlyErasureHasNone() {
        Set<EventType> withoutPayload = Arrays.stream(EventType.values()).filter(t -> Payloads.typeOf(t) == null).collect(Collectors.toSet());

        assertThat(withoutPayload).containsExactly(EventType.CONSUMER_ERASED);
    }

    /** The field-name constants other modules query by (Elasticsearch fields, intake checks) are real record components. */
    @Test
    void everyFieldNameConstantNamesAComponentOfItsRecord() throws IllegalAccessException {
        for (Class<?> type : List.of(ReportedFacts.class, BureauQuery.class, CardPurchase.class, FinancialMovement.class)) {
            Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toSet());
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && !field.getName().startsWith("OWN_")) {
                    assertThat(components).as(type.getSimpleName() + "." + field.getName()).contains((String) field.get(null));
                }
            }
        }
    }
}
