/**
 * IP address literals and CIDR ranges, parsed without any name lookup: the reactor reads PROXY
 * protocol addresses with them and the settings check {@code proxy_protocol_trusted} with them.
 * Used by every process that reads the settings; depends on the JDK alone.
 */
package drover.common.net;
