package dev.attacktagger.tag.common;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.LocalDate;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A date whose year lies from {@link #min} to {@link #max}, both included. {@code null} is valid. PostgreSQL's client
 * loses the era of a date before year 1 and cannot write years far beyond 9999 as they were sent, so a date outside a
 * sane range would be stored as another date than the one the caller was answered with.
 */
@Documented
@Constraint(validatedBy = YearBetween.Validator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface YearBetween {

    int min();

    int max();

    String message() default "must be a date in the years {min} to {max}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<YearBetween, LocalDate> {

        private int min;
        private int max;

        @Override
        public void initialize(YearBetween constraint) {
            min = constraint.min();
            max = constraint.max();
        }

        @Override
        public boolean isValid(LocalDate value, ConstraintValidatorContext context) {
            return value == null || (value.getYear() >= min && value.getYear() <= max);
        }
    }
}
