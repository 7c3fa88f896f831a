package io.finack.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finack.analysis.PathFinding;
import io.finack.analysis.ReconnectReply;
import io.finack.analysis.Stats;
import io.finack.experiment.Expectation;
import io.finack.experiment.ExperimentResult;
import io.finack.kernel.KernelAccount;
import io.finack.kernel.TcpInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON report. Its shape is a contract for scripts and for {@code finack merge}: every
 * experiment object has a {@code verdict} field with one of the verdict words, and the
 * document carries a {@code schema} number that changes when a field changes meaning.
 */
public final class JsonReport {
    public static final int SCHEMA = 1;
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** A new document with the fields every finack JSON document starts with: schema and tool. */
    public static ObjectNode newDocument(String version) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("schema", SCHEMA);
        doc.put("tool", "finack " + version);
        return doc;
    }

    public static ObjectNode document(List<ExperimentResult> results, RunContext context) {
        ObjectNode doc = newDocument(context.version());
        doc.put("hostname", context.hostname());
        doc.put("kernel", context.kernelRelease());
        doc.put("started", context.started().toString());
        doc.put("netns", context.netns());
        context.startToFirstInjectionMillis().ifPresent(v -> doc.put("jvm_start_to_first_injection_ms", v));
        ArrayNode groups = doc.putArray("groups");
        for (Aggregate g : Aggregate.of(results)) {
            ObjectNode group = groups.addObject().put("name", g.name()).put("family", g.family().toString()).put("runs", g.runs());
            ObjectNode verdicts = group.putObject("verdicts");
            g.verdicts().forEach(verdicts::put);
            ObjectNode reconnects = group.putObject("reconnects");
            g.reconnects().forEach(reconnects::put);
            ObjectNode outcomes = group.putObject("outcomes");
            g.outcomes().forEach(outcomes::put);
            ObjectNode measures = group.putObject("measures");
            g.measures().forEach((name, st) -> {
                if (st.count() > 0) {
                    stats(measures.putObject(name), st);
                }
            });
            ObjectNode counters = group.putObject("counters_moved");
            g.countersMoved().forEach(counters::put);
            ObjectNode drops = group.putObject("drops");
            g.drops().forEach(drops::put);
        }
        ArrayNode experiments = doc.putArray("experiments");
        results.forEach(r -> experiments.add(experiment(r)));
        ObjectNode summary = doc.putObject("summary");
        for (ExperimentResult.Outcome o : ExperimentResult.Outcome.values()) {
            summary.put(o.name().toLowerCase(java.util.Locale.ROOT), results.stream().filter(r -> r.outcome() == o).count());
        }
        return doc;
    }

    private static ObjectNode experiment(ExperimentResult r) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("name", r.name());
        e.put("family", r.family().toString());
        e.put("outcome", r.outcome().name());
        e.put("reason", r.reason().orElse(null));
        e.put("expected", r.expected() instanceof Expectation.Path p ? p.verdict().name() : null);
        e.set("expectation", expectation(r.expected()));
        e.put("verdict", r.verdict().map(Enum::name).orElse(null));
        r.finding().ifPresent(f -> e.set("path", path(f)));
        e.set("reconnect", r.reconnect().map(JsonReport::reconnect).orElse(null));
        ObjectNode intervals = e.putObject("intervals_ms");
        for (Map.Entry<String, Double> i : r.intervals().entrySet()) {
            intervals.put(i.getKey(), i.getValue());
        }
        r.connectMillis().ifPresent(c -> e.put("connect_ms", c));
        ArrayNode states = e.putArray("states");
        r.states().forEach(s -> {
            ObjectNode state = states.addObject().put("after_step", s.step()).put("after_frame", s.afterFrame())
                    .put("state", s.stateName());
            s.tcpInfo().ifPresent(info -> state.set("tcp_info", tcpInfo(info)));
        });
        ObjectNode reaction = e.putObject("reaction_us");
        Stats stats = Stats.of(r.reactionMicros());
        if (stats.count() > 0) {
            reaction.put("median", stats.median()).put("max", stats.max());
        }
        ArrayNode samples = reaction.putArray("samples");
        r.reactionMicros().forEach(samples::add);
        e.set("counters", r.kernel().counters().map(JsonReport::counters).orElse(null));
        ArrayNode frames = e.putArray("frames");
        r.frames().forEach(f -> {
            ObjectNode frame = frames.addObject().put("number", f.number()).put("ms", f.millis())
                    .put("from", f.from()).put("segment", f.summary());
            if (!f.ip().isNone()) {
                frame.put("ip", f.ip().toString());
            }
            r.kernel().dropOf(f.number()).ifPresent(d -> frame.putObject("drop").put("reason", d.reason())
                    .put("location", d.location()));
            r.kernel().resetOf(f.number()).ifPresent(x -> frame.putObject("reset").put("state", x.state())
                    .put("reason", x.reason()));
        });
        if (!r.icmp().isEmpty()) {
            ArrayNode icmp = e.putArray("icmp");
            r.icmp().forEach(i -> icmp.addObject().put("number", i.number()).put("ms", i.millis()).put("from", i.from())
                    .put("message", i.text()));
        }
        // null: drop reasons were not traced; [] traced, and no injected segment was dropped.
        e.set("drops", r.kernel().drops().map(d -> {
            ArrayNode a = MAPPER.createArrayNode();
            d.forEach(x -> a.addObject().put("frame", x.frame()).put("reason", x.reason()).put("location", x.location()));
            return (com.fasterxml.jackson.databind.JsonNode) a;
        }).orElse(null));
        r.python().ifPresent(p -> e.set("python", python(p)));
        e.put("pcap", r.pcap().map(Path::toString).orElse(null));
        e.put("wall_ms", r.wallMillis());
        e.put("setup_ms", r.setupMillis());
        e.put("exchange_ms", r.exchangeMillis());
        e.put("overhead_ms", r.overheadMillis());
        return e;
    }

    /** A script's python blocks: each one's line and the tcp_info it read there, and what they printed. */
    private static ObjectNode python(io.finack.python.PythonRun run) {
        ObjectNode x = MAPPER.createObjectNode();
        ArrayNode blocks = x.putArray("blocks");
        for (io.finack.python.PythonBlock.Reading r : run.readings()) {
            blocks.addObject().put("line", r.block().line()).set("tcp_info", tcpInfo(r.tcpInfo()));
        }
        x.put("output", run.output());
        return x;
    }

    /** Every field of a struct tcp_info under Linux's own name, 64-bit ones unsigned as C prints them. */
    static ObjectNode tcpInfo(TcpInfo info) {
        ObjectNode o = MAPPER.createObjectNode();
        info.fields().forEach((name, value) -> {
            if (value < 0) {
                o.put(name, new java.math.BigInteger(info.unsigned(name)));
            } else {
                o.put(name, value);
            }
        });
        return o;
    }

    /** A counter delta: its scope ("repetition" or "job"), the job, the counters that moved and every counter's delta. */
    static ObjectNode counters(KernelAccount.Counters c) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("scope", c.scope().name().toLowerCase(java.util.Locale.ROOT));
        o.put("job", c.job());
        ObjectNode moved = o.putObject("moved");
        c.moved().forEach(moved::put);
        ObjectNode delta = o.putObject("delta");
        c.delta().forEach(delta::put);
        return o;
    }

    private static ObjectNode expectation(Expectation expected) {
        ObjectNode x = MAPPER.createObjectNode();
        if (expected instanceof Expectation.Path p) {
            x.put("kind", "path").put("verdict", p.verdict().name());
        } else if (expected instanceof Expectation.CloseOrder c) {
            x.put("kind", "close_order");
            ArrayNode states = x.putArray("states");
            c.stateNames().forEach(states::add);
            x.put("reconnect", c.reply().name());
        }
        return x;
    }

    private static ObjectNode reconnect(ReconnectReply r) {
        ObjectNode x = MAPPER.createObjectNode();
        x.put("reply", r.kind().name());
        x.put("meaning", r.kind().meaning());
        x.put("client", r.flow().client().toString());
        x.put("server", r.flow().server().toString());
        x.put("syn_frame", r.synFrame());
        x.put("reply_frame", r.replyFrame());
        x.put("last_ack_frame", r.lastAckFrame());
        x.put("invalid_ratelimit_ms", r.invalidRatelimit().toMillis());
        return x;
    }

    /** A distribution's fields: its count, then, when it has samples, min, median, p90, p99 and max. */
    static ObjectNode stats(ObjectNode o, Stats s) {
        o.put("count", s.count());
        if (s.count() > 0) {
            o.put("min", s.min()).put("median", s.median()).put("p90", s.p90()).put("p99", s.p99()).put("max", s.max());
        }
        return o;
    }

    static ObjectNode path(PathFinding f) {
        ObjectNode p = MAPPER.createObjectNode();
        p.put("verdict", f.verdict().name());
        p.put("meaning", f.verdict().meaning());
        p.put("client", f.flow().client().toString());
        p.put("server", f.flow().server().toString());
        ObjectNode frames = p.putObject("frames");
        frames.put("syn", f.synFrame());
        frames.put("stale_ack", f.staleAckFrame());
        frames.put("rst", f.rstFrame());
        frames.put("retry", f.retryFrame());
        p.put("stale_ack_number", f.staleAckNumber());
        p.put("rst_seq", f.rstSeq());
        p.put("syn_retransmissions", f.synRetransmissions());
        p.put("detail", f.detail());
        return p;
    }

    public static String write(ObjectNode document) {
        return write(MAPPER.writer(), document);
    }

    /** On one line, for a stream of JSON lines. */
    public static String writeLine(ObjectNode document) {
        return write(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT), document);
    }

    private static String write(ObjectWriter writer, ObjectNode document) {
        try {
            return writer.writeValueAsString(document);
        } catch (IOException e) {
            throw new IllegalStateException("JSON serialisation of a tree cannot fail", e);
        }
    }

    /** Facts about the run as a whole. */
    public record RunContext(String version, String hostname, String kernelRelease, Instant started, String netns,
                             java.util.OptionalDouble startToFirstInjectionMillis) {
    }
}
