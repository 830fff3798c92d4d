/** The worker JVM: loads the user's app jar and runs its callbacks on one event loop over the reactor links. */
package drover.worker;
