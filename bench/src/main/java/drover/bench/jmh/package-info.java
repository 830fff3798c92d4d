/**
 * JMH micro-benchmarks of Drover's hot path: the IPC frame codec, the client packet framers and
 * coalesced link writes. Run them with {@code scripts/bench.sh --only jmh} (docs/BENCHMARKS.md); they
 * never run during the Maven build.
 */
package drover.bench.jmh;
