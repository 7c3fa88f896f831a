package io.finack.race;

/** How the peer's ACK and its closing segment are sent. */
public enum Delivery {
    /** From two threads on two CPUs, released together by a spin barrier: the race. */
    CONCURRENT("concurrent"),
    /** From one thread, the ACK first: the control for the order the race needs. */
    ACK_FIRST("ack-first"),
    /** From one thread, the closing segment first: the other order's control. */
    CLOSE_FIRST("close-first");

    private final String word;

    Delivery(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean concurrent() {
        return this == CONCURRENT;
    }
}
