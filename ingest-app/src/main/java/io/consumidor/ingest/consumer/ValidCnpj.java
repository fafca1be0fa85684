package io.consumidor.ingest.consumer;

import io.consumidor.core.cnpj.Cnpj;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A valid CNPJ, formatted ({@code 11.222.333/0001-81}) or bare, check digits included — checked in the
 * request, so a bad one is a 400 naming the field; the database's {@code valid_cnpj} constraint stays as the
 * last line. Null is left to {@code @NotBlank}.
 */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidCnpj.Validator.class)
public @interface ValidCnpj {

    String message() default "must be a CNPJ: 14 digits with valid check digits, formatted as 00.000.000/0000-00 or not";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Validator implements ConstraintValidator<ValidCnpj, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Cnpj.isValid(value);
        }
    }
}
