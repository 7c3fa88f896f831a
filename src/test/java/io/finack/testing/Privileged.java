package io.finack.testing;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that drives the live kernel: it needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN,
 * CAP_NET_RAW), libpcap, nft and network namespaces: what {@code finack doctor} checks. Such
 * tests are tagged {@code privileged}; where the environment lacks any of these they are
 * skipped with the reason, unless
 * {@code FINACK_REQUIRE_PRIVILEGED=1} (set by CI), where a missing privilege fails them.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("privileged")
@ExtendWith(PrivilegedCondition.class)
public @interface Privileged {
}
