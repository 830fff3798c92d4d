/**
 * Session ids, which name the reactor process, thread and generation that own a connection so a
 * worker answers on the right link without a lookup (docs/FRAMES.md), and a primitive long-keyed map
 * for the per-packet lookups of the reactor and worker loops. Used by the reactor and the workers.
 * At the bottom of {@code common}: it depends on nothing else of Drover.
 */
package drover.common.session;
