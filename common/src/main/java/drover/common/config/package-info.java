/**
 * The server's settings: parsing the configuration file and command line ({@code ConfigLoader},
 * {@code LayeredSettings}), the effective {@code DroverConfig} the manager writes to
 * {@code run_dir/settings.properties} for its children, and the size arithmetic they are checked
 * with ({@code LinkLimits}). Every process reads it: the manager loads and checks the settings, the
 * reactor, workers and task workers read what the manager wrote. The bottom of {@code common}: it
 * uses only {@code net} (a leaf: CIDR ranges, for {@code proxy_protocol_trusted}); the limits
 * derived from settings that need the frame or the stores ({@code PayloadLimits}) live in
 * {@code payload}, above it.
 */
package drover.common.config;
