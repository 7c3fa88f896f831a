package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertSame;

/** The caller's namespace needs no privilege. */
class NetNamespaceTest {

    @Test
    void callDirectRunsOnTheCallingThreadWhenItIsInside() throws Exception {
        try (NetNamespace namespace = NetNamespace.current("direct-test")) {
            assertSame(Thread.currentThread(), namespace.callDirect(Thread::currentThread));
        }
    }
}
