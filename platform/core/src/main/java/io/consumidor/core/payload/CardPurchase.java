package io.consumidor.core.payload;

import java.math.BigDecimal;

/** Payload of {@code card.purchase}. The merchant's name is the only free text; no cardholder data is accepted. */
public record CardPurchase(BigDecimal amount, String currency, String merchantCategory, String merchantName, Channel channel) {

    public CardPurchase {
        java.util.Objects.requireNonNull(amount, "amount is required");
        java.util.Objects.requireNonNull(currency, "currency is required");
        java.util.Objects.requireNonNull(merchantCategory, "merchantCategory is required");
        java.util.Objects.requireNonNull(channel, "channel is required");
    }


    public enum Channel { IN_PERSON, ONLINE, CONTACTLESS }

    public static final String AMOUNT = "amount";
    public static final String CURRENCY = "currency";
    public static final String MERCHANT_CATEGORY = "merchantCategory";
    public static final String MERCHANT_NAME = "merchantName";
    public static final String CHANNEL = "channel";
}
