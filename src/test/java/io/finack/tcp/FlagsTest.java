package io.finack.tcp;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlagsTest {
    @Test
    void printsPacketdrillNotation() {
        assertEquals("S", Flags.SYN_ONLY.toString());
        assertEquals("S.", Flags.SYN_ACK.toString());
        assertEquals(".", Flags.ACK_ONLY.toString());
        assertEquals("F.", Flags.FIN_ACK.toString());
        assertEquals("R", Flags.RST_ONLY.toString());
        assertEquals("R.", Flags.RST_ACK.toString());
        assertEquals("P.", Flags.PSH_ACK.toString());
    }

    @Test
    void parsesWhatItPrints() {
        for (String s : new String[] {"S", "S.", ".", "F.", "R", "R.", "P.", "SEW", "FP."}) {
            assertEquals(s, Flags.parse(s).toString());
        }
        assertTrue(Flags.parse("S.").syn() && Flags.parse("S.").ack());
    }

    @Test
    void refusesUnknownLetters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Flags.parse("SX"));
        assertEquals("unknown TCP flag 'X' in \"SX\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Flags.parse(""));
        assertThrows(IllegalArgumentException.class, () -> new Flags(0x200), "9 bits: AE (0x100) is the highest");
    }
}
