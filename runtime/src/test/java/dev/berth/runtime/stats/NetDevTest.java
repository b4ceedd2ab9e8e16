package dev.berth.runtime.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NetDevTest {
    @Test
    void readsEveryInterfaceButLoopback() {
        String text = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     140       2    0    0    0     0          0         0      140       2    0    0    0     0       0          0
                  eth0:    1296      16    1    2    0     0          0         0      726       9    3    4    0     0       0          0
                """;
        assertEquals(Map.of("eth0", new NetDev.Counters(1296, 16, 1, 2, 726, 9, 3, 4)), NetDev.parse(text));
    }

    @Test
    void aGoneProcessHasNoInterfaces() {
        assertEquals(Map.of(), NetDev.read(Long.MAX_VALUE));
    }
}
