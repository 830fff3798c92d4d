/**
 * Benchmarks of Drover: {@link drover.bench.EchoLoad}, the load generator scripts/bench.sh runs
 * against a real server, and (in {@code drover.bench.jmh}) the JMH micro-benchmarks. Not shipped
 * with the server.
 */
package drover.bench;
