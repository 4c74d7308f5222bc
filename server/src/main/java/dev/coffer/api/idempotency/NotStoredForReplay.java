package dev.coffer.api.idempotency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller method whose answer is never stored for {@code Idempotency-Key} replay: it
 * holds data that must be read, authorized, audited and counted on every request (the governed
 * query's rows). The idempotency filter finds the method the request is routed to, the way the
 * dispatcher does (decoded path, matrix parameters dropped), so no spelling of the path escapes it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NotStoredForReplay {
}
