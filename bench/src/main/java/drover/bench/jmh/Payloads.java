package drover.bench.jmh;

/** Benchmark payloads: a fixed, non-constant byte pattern, so nothing can be folded away. */
final class Payloads {
    private Payloads() {
    }

    static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }
}
