/**
 * Manager JVM: rolling reload and max_request recycling: spawn-before-retire swaps of one slot
 * (SlotSwap), driven through {@link drover.manager.reload.SlotControl}, never the supervisor itself.
 */
package drover.manager.reload;
