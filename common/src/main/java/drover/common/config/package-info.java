/**
 * The server's settings: parsing the configuration file and command line ({@code ConfigLoader},
 * {@code LayeredSettings}), the effective {@code DroverConfig} the manager writes to
 * {@code run_dir/settings.properties} for its children, and the limits derived from them
 * ({@code PayloadLimits}, {@code LinkLimits}). Every process reads it: the manager loads and checks
 * the settings, the reactor, workers and task workers read what the manager wrote. Near the bottom
 * of {@code common}: it uses only {@code http} and {@code frame}, and those only for size arithmetic
 * (the largest encoded request, the largest chunk), never the links or the stores built on it.
 */
package drover.common.config;
