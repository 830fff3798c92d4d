package drover.reactor;

import drover.common.buffer.BufferPool;

/**
 * What every connection of one reactor thread shares: the buffer pool, the counters and the output
 * settings.
 *
 * @param bufferOutputSize   buffer_output_size
 * @param closesOnWorkerExit close_on_worker_exit
 */
record ConnectionResources(BufferPool buffers, ReactorCounters counters, int bufferOutputSize,
                           boolean closesOnWorkerExit) {
}
