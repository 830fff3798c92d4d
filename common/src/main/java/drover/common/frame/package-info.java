/**
 * The frame codec every link speaks: the 24-byte header, the frame types, a reader that checks the
 * header before it allocates, and a writer that coalesces the frames of one loop turn into one write
 * (docs/FRAMES.md). Used by every process: the manager on its control links, the reactor and workers
 * on theirs, and the {@code chronicle} module for its format errors. The typed control messages and
 * their one codec live here too, beside the frame table. Depends only on {@code buffer} and {@code json}.
 */
package drover.common.frame;
