/**
 * Manager JVM: the control socket (manager.sock): the server children link to and clients send
 * commands on, its client side, and the JSON writer its replies use. Knows nothing of supervision:
 * what it hears goes to a {@link drover.manager.control.ControlListener}.
 */
package drover.manager.control;
