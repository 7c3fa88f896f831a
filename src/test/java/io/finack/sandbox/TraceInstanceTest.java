package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceInstanceTest {
    @Test
    void findsAWholeTracefsMountInMountinfo() {
        List<String> mountinfo = List.of(
                "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw",
                "33 22 0:7 /instances /mnt/part rw - tracefs tracefs rw",
                "41 25 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:18 - tracefs tracefs rw");
        assertEquals(Optional.of(Path.of("/sys/kernel/tracing")), TraceInstance.mountedTracefs(mountinfo));
    }

    @Test
    void noTracefsMountedIsEmpty() {
        assertEquals(Optional.empty(), TraceInstance.mountedTracefs(List.of(
                "22 1 0:21 / /proc rw shared:12 - proc proc rw", "not a mountinfo line")));
    }
}
