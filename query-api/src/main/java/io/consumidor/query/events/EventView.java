package io.consumidor.query.events;

import io.consumidor.basec.EventFields;
import io.consumidor.core.event.EventType;
import io.consumidor.core.payload.BureauQuery;
import io.consumidor.core.payload.CardPurchase;
import io.consumidor.core.payload.FinancialMovement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a lender may see of one event: its id, subject (the caller's own query), type and time, and a fixed set of payload fields per type — never the
 * stored document as it lies. A bureau query shows the bureau and the purpose, not who asked ({@code requestedBy},
 * {@code client}: another lender's identity and its staff); a type this version does not know shows no payload.
 */
final class EventView {

    /** The payload fields shown, by type; every other field stays in Base C. */
    static final Map<EventType, List<String>> FIELDS = Map.of(
            EventType.CARD_PURCHASE, List.of(CardPurchase.AMOUNT, CardPurchase.CURRENCY, CardPurchase.MERCHANT_CATEGORY,
                    CardPurchase.MERCHANT_NAME, CardPurchase.CHANNEL),
            EventType.FINANCIAL_MOVEMENT, List.of(FinancialMovement.AMOUNT, FinancialMovement.CURRENCY, FinancialMovement.DIRECTION,
                    FinancialMovement.KIND),
            EventType.BUREAU_QUERY, List.of(BureauQuery.BUREAU, BureauQuery.PURPOSE));

    private EventView() {
    }

    static Map<String, Object> of(Map<String, Object> stored) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put(EventFields.EVENT_ID, stored.get(EventFields.EVENT_ID));
        view.put(EventFields.SUBJECT, stored.get(EventFields.SUBJECT));
        view.put(EventFields.TYPE, stored.get(EventFields.TYPE));
        view.put(EventFields.OCCURRED_AT, stored.get(EventFields.OCCURRED_AT));
        List<String> fields = EventType.of(String.valueOf(stored.get(EventFields.TYPE))).map(FIELDS::get).orElse(List.of());
        Map<String, Object> payload = new LinkedHashMap<>();
        if (stored.get(EventFields.PAYLOAD) instanceof Map<?, ?> source) {
            for (String field : fields) {
                if (source.get(field) != null) {
                    payload.put(field, source.get(field));
                }
            }
        }
        view.put(EventFields.PAYLOAD, payload);
        return view;
    }
}
