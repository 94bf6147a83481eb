package dev.tabbi.platform.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is one host), as
 * operators write them in configuration. Only literal addresses are accepted: a host name would need a lookup.
 */
public final class AddressRanges {
    private final List<Range> ranges;

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[full] ^ network[full]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }
    }

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses a comma-separated list; an entry that is not a literal address or CIDR is an error naming it. */
    public static AddressRanges parse(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list == null ? new String[0] : list.split(",")) {
            String cidr = entry.strip();
            if (!cidr.isEmpty()) {
                ranges.add(range(cidr));
            }
        }
        return new AddressRanges(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (a literal address; anything else is not contained) lies in one of the ranges. */
    public boolean contains(String address) {
        byte[] bytes = literal(address);
        return bytes != null && ranges.stream().anyMatch(range -> range.contains(bytes));
    }

    private static Range range(String cidr) {
        int slash = cidr.indexOf('/');
        byte[] network = literal(slash < 0 ? cidr : cidr.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("not an address or CIDR range: " + cidr);
        }
        int prefix = network.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("not a prefix length for this address: " + cidr);
            }
        }
        return new Range(network, prefix);
    }

    /** The bytes of a literal IPv4 or IPv6 address (IPv4-mapped IPv6 as IPv4), or null: never a name lookup. */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] bytes = new byte[4];
            String[] parts = value.split("\\.");
            for (int i = 0; i < 4; i++) {
                int part = Integer.parseInt(parts[i]);
                if (part > 255) {
                    return null;
                }
                bytes[i] = (byte) part;
            }
            return bytes;
        }
        if (!value.contains(":") || !value.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress(); // with a colon, always parsed as IPv6, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
