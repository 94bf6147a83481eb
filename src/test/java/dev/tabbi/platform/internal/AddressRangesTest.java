package dev.tabbi.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangesTest {

    @Test
    void rangesContainTheirAddressesAndNothingElse() {
        AddressRanges ranges = AddressRanges.parse(" 10.0.0.0/8, 172.30.0.10 ,192.168.1.128/25, fd00::/8");
        assertThat(ranges.contains("10.255.1.2")).isTrue();
        assertThat(ranges.contains("11.0.0.1")).isFalse();
        assertThat(ranges.contains("172.30.0.10")).isTrue();
        assertThat(ranges.contains("172.30.0.11")).isFalse();
        assertThat(ranges.contains("192.168.1.200")).isTrue();
        assertThat(ranges.contains("192.168.1.100")).isFalse();
        assertThat(ranges.contains("fd12:3456::1")).isTrue();
        assertThat(ranges.contains("fe80::1")).isFalse();
        assertThat(ranges.contains("::ffff:10.1.2.3")).as("IPv4-mapped IPv6 is the IPv4 address").isTrue();
    }

    @Test
    void namesAndGarbageAreNeverAddressesAndNeverLookedUp() {
        AddressRanges ranges = AddressRanges.parse("0.0.0.0/0");
        assertThat(ranges.contains("localhost")).isFalse();
        assertThat(ranges.contains("999.1.1.1")).isFalse();
        assertThat(ranges.contains("1.2.3")).isFalse();
        assertThat(ranges.contains("")).isFalse();
        assertThat(ranges.contains(null)).isFalse();
        assertThat(AddressRanges.parse("").isEmpty()).isTrue();
    }

    @Test
    void aBadEntryIsAnErrorNamingIt() {
        assertThatThrownBy(() -> AddressRanges.parse("10.0.0.0/8, proxy.internal")).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> AddressRanges.parse("10.0.0.0/33")).hasMessageContaining("10.0.0.0/33");
    }
}
