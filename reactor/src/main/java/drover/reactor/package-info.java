/**
 * The reactor JVM: owns every client socket, frames packets by the listener's protocol, dispatches
 * them to workers over Unix-domain links and writes the workers' replies back.
 */
package drover.reactor;
