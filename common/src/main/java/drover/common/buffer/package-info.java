/**
 * Byte buffers for the hot paths: the growable and outbound buffers every link and client connection
 * writes through, and the per-thread pool of direct buffers the reactor lends to client reads and
 * large packets. Used by the reactor and the workers (through {@code frame} and {@code link} also by
 * the manager). The bottom of {@code common}: it depends on nothing else of Drover, only the JDK.
 */
package drover.common.buffer;
