package io.finack.sandbox;

import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Test-only program for {@link CurrentSandboxTest}: opens a sandbox in the namespace it was
 * started in, prints "ready TABLE", and closes it when its stdin ends; a signal ends it first.
 * With a second argument "stuck", the namespace's thread is blocked for good before "ready".
 */
public final class CurrentSandboxChild {
    private CurrentSandboxChild() {
    }

    public static void main(String[] args) throws Exception {
        SandboxSpec spec = new SandboxSpec(SandboxSpec.Mode.CURRENT, "child",
                Set.of(Integer.parseInt(args[0])), OptionalInt.empty());
        try (Sandbox sandbox = Sandbox.open(spec)) {
            if (args.length > 1 && args[1].equals("stuck")) {
                block(sandbox.namespace());
            }
            System.out.println("ready " + sandbox.guard().table());
            System.out.flush();
            while (System.in.read() != -1) {
                // only the end of stdin matters
            }
        }
    }

    private static void block(NetNamespace namespace) throws InterruptedException {
        CountDownLatch stuck = new CountDownLatch(1);
        Thread blocker = new Thread(() -> {
            try {
                namespace.call(() -> {
                    stuck.countDown();
                    new CountDownLatch(1).await();
                    return null;
                });
            } catch (SandboxException e) {
                throw new IllegalStateException(e);
            }
        }, "blocker");
        blocker.setDaemon(true);
        blocker.start();
        stuck.await();
    }
}
