package drover.common.net;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Address ranges written {@code 10.0.0.0/8, fd00::/8}; empty text is the empty list, which holds nothing. */
public record CidrList(List<Cidr> ranges) {
    public CidrList {
        ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException naming the entry and what is wrong with it */
    public static CidrList parse(String text) {
        if (text.isBlank()) {
            return new CidrList(List.of());
        }
        List<Cidr> ranges = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            if (item.isBlank()) {
                throw new IllegalArgumentException("an empty range between commas");
            }
            Cidr range = Cidr.parse(item.trim());
            if (ranges.contains(range)) {
                throw new IllegalArgumentException(range + " is listed twice");
            }
            ranges.add(range);
        }
        return new CidrList(ranges);
    }

    public boolean contains(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Comma-separated, as {@link #parse} reads it back. */
    @Override
    public String toString() {
        return ranges.stream().map(Cidr::toString).collect(Collectors.joining(","));
    }
}
