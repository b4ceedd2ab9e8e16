package dev.berth.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.common.EngineException;
import org.junit.jupiter.api.Test;

class CidrTest {
    @Test
    void parsesAndDerivesAddresses() {
        Cidr c = Cidr.parse("10.88.3.7/16");
        assertEquals("10.88.0.0/16", c.toString(), "host bits cleared");
        assertEquals("10.88.0.1", Cidr.format(c.first()));
        assertEquals("10.88.255.254", Cidr.format(c.last()));
        assertTrue(c.contains(Cidr.parseIp("10.88.200.1")));
        assertFalse(c.contains(Cidr.parseIp("10.89.0.1")));
        assertTrue(c.overlaps(Cidr.parse("10.88.5.0/24")));
        assertFalse(c.overlaps(Cidr.parse("172.17.0.0/16")));
        assertEquals("0.0.0.0/0", Cidr.parse("1.2.3.4/0").toString());
    }

    @Test
    void rejectsWhatIsNotAnAddress() {
        for (String bad : new String[] {"10.0.0.0", "10.0.0/8", "10.0.0.256/8", "10.0.0.1/33", "a.b.c.d/8", "10..0.1/8"}) {
            assertThrows(EngineException.InvalidArgument.class, () -> Cidr.parse(bad), bad);
        }
    }
}
