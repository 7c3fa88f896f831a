package io.finack.sandbox;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GuardTableTest {
    private final GuardTable table = new GuardTable("finack_12_3");

    @Test
    void createsASetOfSortedPortsAndARawPreroutingDropOnLo() {
        assertEquals("""
                table inet finack_12_3 {
                \tset fake_ports {
                \t\ttype inet_service
                \t\telements = { 80, 40000, 40001 }
                \t}
                \tchain guard {
                \t\ttype filter hook prerouting priority raw; policy accept;
                \t\tiif "lo" tcp dport @fake_ports drop
                \t}
                }
                """, table.create(Set.of(40001, 80, 40000)));
    }

    @Test
    void anEmptySetHasNoElementsLine() {
        assertEquals("""
                table inet finack_12_3 {
                \tset fake_ports {
                \t\ttype inet_service
                \t}
                \tchain guard {
                \t\ttype filter hook prerouting priority raw; policy accept;
                \t\tiif "lo" tcp dport @fake_ports drop
                \t}
                }
                """, table.create(Set.of()));
    }

    @Test
    void addsOnePort() {
        assertEquals("add element inet finack_12_3 fake_ports { 40002 }\n", table.addPort(40002));
    }

    @Test
    void deletesEvenATableThatIsAlreadyGone() {
        assertEquals("add table inet finack_12_3\ndelete table inet finack_12_3\n", table.delete());
    }

    @Test
    void rejectsPortsOutsideTcpsRange() {
        assertThrows(IllegalArgumentException.class, () -> table.addPort(0));
        assertThrows(IllegalArgumentException.class, () -> table.addPort(65536));
        assertThrows(IllegalArgumentException.class, () -> table.create(Set.of(80, -1)));
    }

    @Test
    void rejectsNamesThatWouldBreakTheRuleset() {
        assertThrows(IllegalArgumentException.class, () -> new GuardTable("finack x"));
        assertThrows(IllegalArgumentException.class, () -> new GuardTable("a}; flush ruleset; {"));
        assertThrows(IllegalArgumentException.class, () -> new GuardTable(""));
    }
}
