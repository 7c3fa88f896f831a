package io.finack.experiment;

import io.finack.tcp.Endpoint;
import io.finack.wire.CapturedFrame;
import io.finack.wire.Injector;
import io.finack.wire.TcpFrame;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Where captured frames meet the plan. Every frame goes into the trace; the kernel's frames
 * (any whose source is not the harness's endpoint) queue up in arrival order for the plan's
 * expectations, which take them strictly one by one, as packetdrill does.
 *
 * <p>The reply to an expected frame is sent from the capture thread itself, the moment the
 * frame is decoded: handing it to the experiment thread first would add a thread wake-up to
 * every reaction.
 */
final class FrameExchange implements Consumer<CapturedFrame> {
    private final Endpoint harness;
    private final Endpoint kernel;
    private final Injector injector;
    private final SequenceMap numbers;
    private final Object lock = new Object();
    private final List<CapturedFrame> frames = new ArrayList<>();
    private final ArrayDeque<CapturedFrame> kernelFrames = new ArrayDeque<>();
    private final List<Reaction> reactions = new ArrayList<>();
    private int injections;
    private Armed armed;

    /** A reply sent because of a kernel frame: which frame, and the index of the injection. */
    record Reaction(long triggerFrame, int injection) {
    }

    private record Armed(SegmentPattern pattern, List<SegmentTemplate> replies, CompletableFuture<CapturedFrame> result) {
    }

    FrameExchange(Endpoint harness, Endpoint kernel, Injector injector, SequenceMap numbers) {
        this.harness = harness;
        this.kernel = kernel;
        this.injector = injector;
        this.numbers = numbers;
    }

    @Override
    public void accept(CapturedFrame frame) {
        Armed fire;
        synchronized (lock) {
            frames.add(frame);
            if (frame.tcp().source().equals(harness)) {
                return;
            }
            if (armed == null || !kernelFrames.isEmpty()) {
                kernelFrames.add(frame);
                return;
            }
            fire = armed;
            armed = null;
        }
        settle(fire, frame);
    }

    /** Sends a segment from the harness now. */
    void inject(SegmentTemplate template) throws IOException {
        injector.send(new TcpFrame(harness, kernel, template.resolve(numbers)));
        synchronized (lock) {
            injections++;
        }
    }

    /**
     * Takes the kernel's next frame, checks it, and sends {@code replies} at once if it
     * matches. Throws {@link PlanFailure} on a mismatch or when nothing comes in time.
     */
    CapturedFrame expect(Step.Expect step, List<SegmentTemplate> replies) throws PlanFailure, IOException {
        CompletableFuture<CapturedFrame> result = new CompletableFuture<>();
        Armed mine = new Armed(step.pattern(), replies, result);
        CapturedFrame waiting;
        synchronized (lock) {
            waiting = kernelFrames.poll();
            if (waiting == null) {
                armed = mine;
            }
        }
        if (waiting != null) {
            settle(mine, waiting);
        }
        try {
            return result.get(step.within().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            synchronized (lock) {
                if (armed == mine) {
                    armed = null;
                }
            }
            if (result.isDone()) {
                return join(result, step);
            }
            throw new PlanFailure(step.label() + ": expected " + step.pattern() + " within "
                    + step.within().toMillis() + " ms, but the kernel sent nothing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + step.label(), e);
        } catch (ExecutionException e) {
            return join(result, step);
        }
    }

    private static CapturedFrame join(CompletableFuture<CapturedFrame> result, Step.Expect step)
            throws PlanFailure, IOException {
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof PlanFailure pf) {
                throw pf;
            }
            throw new IOException(step.label() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void settle(Armed target, CapturedFrame frame) {
        numbers.learnFromKernel(frame.tcp().segment());
        Optional<String> mismatch = target.pattern().mismatch(frame.tcp().segment(), numbers);
        if (mismatch.isPresent()) {
            target.result().completeExceptionally(new PlanFailure("frame #" + frame.number() + " "
                    + mismatch.get() + "\n  expected: " + target.pattern() + "\n  actual:   " + frame.tcp()));
            return;
        }
        try {
            for (SegmentTemplate reply : target.replies()) {
                injector.send(new TcpFrame(harness, kernel, reply.resolve(numbers)));
                synchronized (lock) {
                    reactions.add(new Reaction(frame.number(), injections++));
                }
            }
            target.result().complete(frame);
        } catch (IOException | RuntimeException e) {
            target.result().completeExceptionally(e);
        }
    }

    /** Every frame captured so far, in capture order. */
    List<CapturedFrame> frames() {
        synchronized (lock) {
            return List.copyOf(frames);
        }
    }

    List<Reaction> reactions() {
        synchronized (lock) {
            return List.copyOf(reactions);
        }
    }

    Endpoint harness() {
        return harness;
    }
}
