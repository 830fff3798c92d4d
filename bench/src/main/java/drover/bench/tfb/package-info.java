/**
 * The TechEmpower Framework Benchmarks suite's verifier: {@code TfbVerifier} checks every test type
 * of a running app (examples/techempower) as TFB's own verifier would, before scripts/bench.sh
 * --suite tfb times anything. It reads HTTP off raw sockets and JSON with a parser of its own, so it
 * shares no code with the app it checks.
 */
package drover.bench.tfb;
