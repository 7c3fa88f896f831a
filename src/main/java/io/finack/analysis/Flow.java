package io.finack.analysis;

import io.finack.tcp.Endpoint;

import java.util.Objects;

/**
 * One TCP 4-tuple seen from a connection attempt: {@code client} sent the SYN, {@code server}
 * is where it went. Roles come from the capture, not from knowing which side is finack's.
 */
public record Flow(Endpoint client, Endpoint server) {
    public Flow {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }

    /** The same 4-tuple with the roles swapped. */
    public Flow reversed() {
        return new Flow(server, client);
    }

    @Override
    public String toString() {
        return client + " > " + server;
    }
}
