package io.finack.capture;

/**
 * Receives the TCP frames of a capture in file order. The view is the reader's one reusable
 * object, refilled for the next frame once the call returns: copy what must outlive the call.
 */
@FunctionalInterface
public interface FrameSink {
    void tcp(TcpView frame);

    /**
     * The reader is about to wait for more of the capture (a stream's next bytes): frames the
     * sink holds back should go on now, so that none waits for the stream.
     */
    default void beforeWait() {
    }
}
