package io.mgd.core.registry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The MMLab default of an options-record component, written as a YAML flow value:
 * {@code @Default("[1, 2, 2, 2]")}, {@code @Default("{type: BN, requires_grad: true}")},
 * {@code @Default("null")}. Components without it are required arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Default {
    String value();
}
