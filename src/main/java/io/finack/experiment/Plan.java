package io.finack.experiment;

import io.finack.sandbox.Tun0Spec;
import io.finack.tcp.Endpoint;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Optional;

/**
 * An experiment made concrete for one address family: the kernel's endpoint, the harness's
 * (fake) endpoint, and the ordered steps between them. A scripted plan also has a
 * {@link Timeline} (when each step happens, and its script line) and asks for lo to look like
 * packetdrill's link (see {@link Link}).
 */
public record Plan(String name, Endpoint kernel, Endpoint harness, List<Step> steps, Optional<Timeline> timeline,
                   Optional<Link> lo) {
    /**
     * The link a script's traffic crosses, shaped like packetdrill's tun device, which its
     * scripts assume: this MTU (so the kernel's MSS is the scripts' 1460) and no segmentation
     * offload (so the kernel sends, and the capture sees, segments of one MSS at most). With
     * {@code tun0} it is packetdrill's own device (see {@code io.finack.sandbox.Tun0}), else lo.
     * {@code sockets}: the family of the kernel's sockets, IPv6 on an IPv4 wire for
     * packetdrill's ipv4-mapped-ipv6 runs. {@code segmentSize}: packetdrill's --mss, the segment
     * size an injected TCP packet with a longer payload carries as an offload frame (on tun0 only).
     */
    public record Link(int mtu, Optional<Tun0Spec> tun0, Endpoint.Family sockets, java.util.OptionalInt segmentSize) {
        public Link {
            if (segmentSize.isPresent() && tun0.isEmpty()) {
                throw new IllegalArgumentException("a segment size for injected packets needs tun0");
            }
        }

        /** lo with this MTU, sockets of the wire's family. */
        public Link(int mtu) {
            this(mtu, Optional.empty(), null, java.util.OptionalInt.empty());
        }
    }

    /** The family of the kernel's sockets: the wire's, unless the link says otherwise. */
    public Endpoint.Family socketFamily() {
        return lo.map(Link::sockets).filter(java.util.Objects::nonNull).orElse(family());
    }

    /** A plan whose steps run as soon as the one before is done, on lo as it comes. */
    public Plan(String name, Endpoint kernel, Endpoint harness, List<Step> steps) {
        this(name, kernel, harness, steps, Optional.empty(), Optional.empty());
    }

    public Plan {
        steps = List.copyOf(steps);
        if (timeline.isPresent() && timeline.get().timings().size() != steps.size()) {
            throw new IllegalArgumentException("a timeline has one timing a step");
        }
        if (!kernel.wireSafe() || !harness.wireSafe()) {
            throw new IllegalArgumentException("finack only sends on loopback and its own link-local addresses: "
                    + kernel + ", " + harness);
        }
        if (kernel.ipv6() != harness.ipv6()) {
            throw new IllegalArgumentException("kernel and harness endpoints differ in family");
        }
    }

    public Endpoint.Family family() {
        return kernel.family();
    }

    /**
     * The same plan with both endpoints' ports moved up by {@code offset}, in the endpoints and
     * in every system call that names them: repetitions sharing one namespace each run on a
     * 4-tuple of their own, so that no socket an earlier one left behind (a TIME_WAIT, say) can
     * meet a later one. Steps other than system calls never name an endpoint.
     */
    public Plan shifted(int offset) {
        if (offset == 0) {
            return this;
        }
        Endpoint movedKernel = new Endpoint(kernel.address(), kernel.port() + offset);
        Endpoint movedHarness = new Endpoint(harness.address(), harness.port() + offset);
        UnaryOperator<Endpoint> move = e -> e.equals(kernel) ? movedKernel : e.equals(harness) ? movedHarness : e;
        return new Plan(name, movedKernel, movedHarness, steps.stream()
                .map(step -> step instanceof Step.Call call
                        ? new Step.Call(call.call().withEndpoints(move), call.expected()) : step)
                .toList(), timeline, lo);
    }
}
