package drover.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** A checked EchoLoad command line: one run per body size. */
record LoadPlan(InetSocketAddress address, int connections, List<Integer> sizes, int pipeline, int threads,
                Duration duration, Duration warmup, Duration timeout, Duration interval, boolean quiet) {
}
